package io.mcpgw.oauth.token;

import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.upstream.Entitlement;
import io.mcpgw.oauth.upstream.UpstreamCredentials;
import io.mcpgw.oauth.upstream.UpstreamLogin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-checks users' access rules with the upstream (GitHub with the user's token; the OpenID provider by a refresh),
 * at every refresh of a grant ({@link #check}) and for every grant with a kept upstream token at least every
 * {@code ENTITLEMENT_RECHECK} ({@link #sweep}, run every {@link #tick}).
 *
 * <p>Rules: a user is asked about once per pass however many grants they hold; DENIED revokes every grant of the
 * user in the pass (tokens, refresh tokens, kept upstream tokens) and reports the user as revoked (which ends their
 * live MCP sessions and stops the children); UNKNOWN (the upstream could not answer) changes nothing; a rotated
 * upstream token is kept in place of the old one. Each decision is an audit line naming the upstream identity.
 */
public final class EntitlementRecheck {
    private static final Logger LOG = LoggerFactory.getLogger(EntitlementRecheck.class);

    private final UpstreamLogin upstream;
    private final UpstreamCredentials credentials;
    private final GrantStore grants;
    private final BiConsumer<String, String> userDenied;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Long> lastChecked = new ConcurrentHashMap<>();
    private final Map<String, Object> grantLocks = new ConcurrentHashMap<>();

    /**
     * @param userDenied told {@code (userId, reason)} when a user lost access
     * @param interval   {@code ENTITLEMENT_RECHECK}
     */
    public EntitlementRecheck(UpstreamLogin upstream, UpstreamCredentials credentials, GrantStore grants,
                              BiConsumer<String, String> userDenied, Clock clock, Duration interval) {
        this.upstream = upstream;
        this.credentials = credentials;
        this.grants = grants;
        this.userDenied = userDenied;
        this.clock = clock;
        this.interval = interval;
    }

    /** How often {@link #sweep} should run: half the interval, between 1 and 60 seconds. */
    public Duration tick() {
        long half = Math.max(1000, Math.min(60_000, interval.toMillis() / 2));
        return Duration.ofMillis(half);
    }

    /**
     * The check of one grant at a refresh: DENIED revokes the user's grant and reports the user; UNKNOWN lets the
     * refresh go on (the upstream's outage is not the user's fault; the sweep asks again).
     */
    Entitlement check(Grant grant) {
        Entitlement e = ask(grant.grantId(), grant.user());
        if (e.status() == Entitlement.Status.DENIED) {
            deny(grant.user(), List.of(grant.grantId()), e.reason());
        }
        return e;
    }

    /** One pass over the grants with a kept upstream token, one question per user whose last check is due. */
    public void sweep() {
        long now = clock.millis();
        long due = interval.toMillis() - tick().toMillis();
        Map<String, List<Grant>> byUser = new LinkedHashMap<>();
        for (String grantId : credentials.grants()) {
            Optional<Grant> grant = grants.find(grantId);
            if (grant.isEmpty()) {
                if (!credentials.holds(grantId)) { // expired unredeemed, or revoked: drop the listing
                    credentials.forget(grantId);
                    lastChecked.remove(grantId);
                    grantLocks.remove(grantId);
                }
                continue; // else a code not yet redeemed: its grant does not exist yet
            }
            byUser.computeIfAbsent(grant.get().user().subject(), k -> new ArrayList<>()).add(grant.get());
        }
        byUser.forEach((user, held) -> {
            Grant first = held.get(0);
            if (now - lastChecked.getOrDefault(first.grantId(), 0L) < due) {
                return;
            }
            Entitlement e = ask(first.grantId(), first.user());
            held.forEach(g -> lastChecked.put(g.grantId(), now));
            if (e.status() == Entitlement.Status.DENIED) {
                deny(first.user(), held.stream().map(Grant::grantId).toList(), e.reason());
            }
        });
    }

    /**
     * One question per grant at a time in this process: a provider that rotates refresh tokens would take a second,
     * concurrent use of the same token as theft and end the user's session there.
     */
    private Entitlement ask(String grantId, UserIdentity user) {
        Entitlement e;
        synchronized (grantLocks.computeIfAbsent(grantId, k -> new Object())) {
            try {
                e = upstream.recheck(user, credentials.find(grantId));
            } catch (RuntimeException ex) {
                e = Entitlement.unknown("the upstream answer could not be used");
            }
            lastChecked.put(grantId, clock.millis());
            e.credential().ifPresent(rotated -> credentials.keep(grantId, rotated));
        }
        LOG.info("event=entitlement_checked upstream_identity=\"{}\" user={} outcome={} reason=\"{}\"",
                user.upstreamIdentity(), user.subject(), e.status().name().toLowerCase(java.util.Locale.ROOT),
                e.reason().replace('"', '\''));
        return e;
    }

    private void deny(UserIdentity user, List<String> grantIds, String reason) {
        LOG.warn("event=access_lost upstream_identity=\"{}\" user={} grants={} reason=\"{}\"", user.upstreamIdentity(),
                user.subject(), grantIds.size(), reason.replace('"', '\''));
        grantIds.forEach(id -> {
            grants.revokeGrant(id);
            lastChecked.remove(id);
            grantLocks.remove(id);
        });
        userDenied.accept(user.subject(), reason);
    }
}
