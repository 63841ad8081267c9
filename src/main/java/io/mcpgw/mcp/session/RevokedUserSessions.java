package io.mcpgw.mcp.session;

import io.mcpgw.access.UserRevocations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends the MCP sessions of users the operator revoked, on this replica: every check interval it reads the markers of
 * {@link UserRevocations} (one store read per interval unless something changed) and, for each user revoked since the
 * previous look, ends the user's sessions and their children ({@link SessionRegistry#endSessionsOf}). Markers that
 * already existed when the replica started end nothing (no session of this replica existed before them).
 */
public final class RevokedUserSessions {
    private final UserRevocations revocations;
    private final SessionRegistry sessions;
    private Map<String, Long> seen;

    public RevokedUserSessions(UserRevocations revocations, SessionRegistry sessions) {
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** Looks every {@code interval} on {@code scheduler}. */
    public void start(ScheduledExecutorService scheduler, Duration interval) {
        seen = revocations.current();
        long every = Math.max(50, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /** One look: ends the sessions of every user revoked since the previous one. */
    synchronized void check() {
        Map<String, Long> now = revocations.current();
        if (now == seen) {
            return;
        }
        Map<String, Long> before = seen == null ? Map.of() : seen;
        now.forEach((user, at) -> {
            Long earlier = before.get(user);
            if (earlier == null || earlier < at) {
                sessions.endSessionsOf(user, "the operator revoked the user");
            }
        });
        seen = now;
    }
}
