package io.mcpgw.oauth.token;

import io.mcpgw.audit.AuditLog;
import io.mcpgw.oauth.OAuthForm;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.client.RegisteredClient;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token revocation (RFC 7009). Rules:
 * <ul>
 *   <li>client authentication as at the token endpoint (§2.1; 401 {@code invalid_client});</li>
 *   <li>{@code token} required ({@code invalid_request}); {@code token_type_hint} optional: {@code access_token}
 *       or {@code refresh_token} only change the lookup order, any other value is ignored (§2.1: the server may
 *       ignore it; we revoke both types, so {@code unsupported_token_type} never applies);</li>
 *   <li>a refresh token of the requesting client revokes its whole grant, access tokens included (§2.1 "SHOULD
 *       also invalidate ... the same authorization grant");</li>
 *   <li>an access token we signed (even expired) for the requesting client loses its {@code oauth:token:{jti}}
 *       record;</li>
 *   <li>a token of another client, an unknown, invalid or already revoked token: nothing happens and the answer is
 *       the same 200, so the endpoint is no oracle for other clients' tokens (§2.2).</li>
 * </ul>
 */
public final class RevocationService {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationService.class);

    private final ClientAuthenticator authenticator;
    private final AccessTokenValidator validator;
    private final GrantStore grants;

    public RevocationService(ClientAuthenticator authenticator, AccessTokenValidator validator, GrantStore grants) {
        this.authenticator = authenticator;
        this.validator = validator;
        this.grants = grants;
    }

    /** Returns normally for every outcome the client may not tell apart; the endpoint answers 200. */
    public void revoke(String authorization, Parameters params) {
        OAuthForm form = new OAuthForm(params, authorization);
        revoke(authenticator.authenticate(form), form);
    }

    /** {@link #revoke(String, Parameters)} for a client already authenticated. */
    public void revoke(AuthenticatedClient authenticated, OAuthForm form) {
        RegisteredClient client = authenticated.client();
        Parameters params = form.parameters();
        String token = params.required("token");
        Optional<String> hint = params.optional("token_type_hint");
        boolean accessFirst = hint.filter(h -> h.equals("access_token") || h.equals("refresh_token"))
                .map("access_token"::equals)
                .orElseGet(() -> looksLikeJwt(token));
        if (accessFirst) {
            if (!revokeAccessToken(client, token)) {
                revokeRefreshToken(client, token);
            }
        } else if (!revokeRefreshToken(client, token)) {
            revokeAccessToken(client, token);
        }
    }

    private boolean revokeAccessToken(RegisteredClient client, String token) {
        Optional<ValidatedAccessToken> at = validator.signedByUs(token);
        if (at.isEmpty()) {
            return false;
        }
        if (client.clientId().equals(at.get().clientId())) {
            grants.revokeAccessToken(at.get().jti());
            AuditLog.info("event=access_token_revoked client={} jti={}", client.clientId(), at.get().jti());
        }
        return true;
    }

    private boolean revokeRefreshToken(RegisteredClient client, String token) {
        if (token.length() > 256) {
            return false;
        }
        Optional<RefreshTokenRecord> rt = grants.findRefreshToken(token);
        if (rt.isEmpty()) {
            return false;
        }
        if (client.clientId().equals(rt.get().clientId())) {
            grants.takeRefreshToken(token);
            grants.revokeGrant(rt.get().grantId());
        }
        return true;
    }

    private static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first;
    }
}
