package io.mcpgw.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one line per security-relevant action, on the logger named {@value #LOGGER} so an operator can
 * route it on its own ({@code AUDIT_LOG_FILE}, or any logback configuration naming that logger).
 *
 * <p>Rules: every event is a {@code event=<name> key=value…} line like the rest of the gateway's log (one JSON object
 * with {@code GATEWAY_LOG_FORMAT=json}); it names who and what (client id, user name, grant id, token id) and never a
 * secret, token, code or verifier. INFO is an action done (registration, consent, login, token issued, refreshed or
 * revoked, admin action); WARN is an attempt refused or an attack detected (login failure, code replay, refresh token
 * reuse). Events: {@code client_registered}, {@code client_updated}, {@code client_deleted}, {@code consent_approved},
 * {@code consent_denied}, {@code consent_rejected}, {@code login_succeeded}, {@code upstream_login_failed},
 * {@code user_not_allowed}, {@code login_rejected}, {@code dev_login_refused}, {@code code_issued},
 * {@code token_issued}, {@code token_refreshed}, {@code access_token_revoked}, {@code grant_revoked},
 * {@code code_replay}, {@code code_of_other_client}, {@code refresh_token_reuse},
 * {@code refresh_token_of_other_client}, {@code user_no_longer_allowed}, {@code signing_key_rotated} and the
 * administration commands' {@code admin_<action>}.
 */
public final class AuditLog {
    /** The logger name of the audit trail. */
    public static final String LOGGER = "audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private AuditLog() {
    }

    /** An action done: {@code format} starts with {@code event=<name>} (SLF4J placeholders). */
    public static void info(String format, Object... args) {
        LOG.info(format, args);
    }

    /** An attempt refused or an attack detected: {@code format} starts with {@code event=<name>}. */
    public static void warn(String format, Object... args) {
        LOG.warn(format, args);
    }
}
