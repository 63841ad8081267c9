package io.mcpgw.mcp.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live MCP sessions of the gateway.
 *
 * <p>Rules it enforces: at most {@code maxPerUser} sessions per user and {@code maxTotal} in all (live children),
 * checked atomically when a session opens; a session is found only by the user it is bound to (anyone else gets
 * "not found", MCP security best practices "Session Hijacking"); a session idle longer than the timeout ends with
 * its child; an ended session is gone for good (404, the client re-initializes).
 */
public final class SessionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final SessionContext context;
    private final int maxPerUser;
    private final int maxTotal;
    private final Duration idleTimeout;

    public SessionRegistry(SessionContext context, int maxPerUser, int maxTotal, Duration idleTimeout) {
        this.context = context;
        this.maxPerUser = maxPerUser;
        this.maxTotal = maxTotal;
        this.idleTimeout = idleTimeout;
        long every = Math.max(200, Math.min(30_000, idleTimeout.toMillis() / 4));
        context.scheduler().scheduleWithFixedDelay(this::endIdleSessions, every, every, TimeUnit.MILLISECONDS);
    }

    public SessionContext context() {
        return context;
    }

    /**
     * A new session for {@code userId} on {@code service}, not yet visible to {@link #find} (see
     * {@link McpSession#established()}).
     *
     * @throws SessionLimitException when a cap is reached
     */
    public synchronized McpSession open(String userId, String service) {
        if (sessions.size() >= maxTotal) {
            throw new SessionLimitException("the gateway runs its maximum of " + maxTotal + " MCP sessions");
        }
        if (count(userId, null) >= maxPerUser) {
            throw new SessionLimitException("you have the maximum of " + maxPerUser + " open MCP sessions;"
                    + " end one (DELETE) or wait for one to expire");
        }
        McpSession session = new McpSession(SessionIds.next(), userId, service, context, this::forget);
        sessions.put(session.id(), session);
        context.meters().sessionOpened(service);
        return session;
    }

    /** The established, live session {@code id} of {@code userId} on {@code service}; null otherwise. */
    public McpSession find(String id, String userId, String service) {
        if (!SessionIds.wellFormed(id)) {
            return null;
        }
        McpSession s = sessions.get(id);
        if (s == null || s.ended() || !s.established() || !s.userId().equals(userId) || !s.service().equals(service)) {
            return null;
        }
        s.touch();
        return s;
    }

    /** Live sessions of {@code userId}, on {@code service} only when it is not null. */
    public int count(String userId, String service) {
        int n = 0;
        for (McpSession s : sessions.values()) {
            if (!s.ended() && s.userId().equals(userId) && (service == null || s.service().equals(service))) {
                n++;
            }
        }
        return n;
    }

    public int size() {
        return sessions.size();
    }

    public CompletableFuture<Void> end(McpSession session, String reason) {
        return session.terminate(reason);
    }

    /** Ends every session of {@code service} (its route was removed) and waits for the children. */
    public void endService(String service, Duration wait) {
        List<CompletableFuture<Void>> reaped = new ArrayList<>();
        for (McpSession s : sessions.values()) {
            if (s.service().equals(service)) {
                reaped.add(s.terminate("service " + service + " was removed"));
            }
        }
        await(reaped, wait);
    }

    /** Ends every session (shutdown) and waits for the children to be gone. */
    public void endAll(Duration wait) {
        List<CompletableFuture<Void>> reaped = new ArrayList<>();
        sessions.values().forEach(s -> reaped.add(s.terminate("gateway shutting down")));
        await(reaped, wait);
    }

    void endIdleSessions() {
        long now = System.nanoTime();
        for (McpSession s : sessions.values()) {
            if (!s.busy() && s.idleNanos(now) > idleTimeout.toNanos()) {
                LOG.info("event=session_expired service={} user={} idle_s={}", s.service(), s.userId(),
                        idleTimeout.toSeconds());
                s.terminate("session expired");
            }
        }
    }

    private void forget(McpSession session) {
        if (sessions.remove(session.id(), session)) {
            context.meters().sessionEnded(session.service());
        }
    }

    private static void await(List<CompletableFuture<Void>> futures, Duration wait) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("event=children_not_reaped_in_time count={}", futures.stream().filter(f -> !f.isDone()).count());
        }
    }
}
