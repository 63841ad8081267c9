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
 * its child; an ended session is gone for good (404, the client re-initializes). The operator ends every session of a
 * user at once ({@link #endSessionsOf}, driven by {@link RevokedUserSessions} on every replica); when a
 * {@link SessionDirectory} is given, every session is also described in the shared store for {@code admin sessions
 * list}.
 */
public final class SessionRegistry {
    /** Registry name of the gateway's instance. */
    public static final String BEAN = "mcpSessions";
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final SessionContext context;
    private final int maxPerUser;
    private final int maxTotal;
    private final Duration idleTimeout;
    private final SessionDirectory directory;
    private volatile Listener listener = Listener.NONE;
    private volatile boolean refusing;

    /** Hears of the sessions' lives; called on the thread that opens, uses or ends the session. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** A session opened; a {@link RuntimeException} refuses it (503, the client retries). */
        default void opened(String id) {
        }

        /** A request used the session. */
        default void touched(String id) {
        }

        /** The session ended (any reason). */
        default void ended(String id) {
        }
    }

    public SessionRegistry(SessionContext context, int maxPerUser, int maxTotal, Duration idleTimeout) {
        this(context, maxPerUser, maxTotal, idleTimeout, null);
    }

    /** @param directory where sessions are described for operators; null = nowhere */
    public SessionRegistry(SessionContext context, int maxPerUser, int maxTotal, Duration idleTimeout,
                           SessionDirectory directory) {
        this.context = context;
        this.maxPerUser = maxPerUser;
        this.maxTotal = maxTotal;
        this.idleTimeout = idleTimeout;
        this.directory = directory;
        long every = Math.max(200, Math.min(30_000, idleTimeout.toMillis() / 4));
        context.scheduler().scheduleWithFixedDelay(this::endIdleSessions, every, every, TimeUnit.MILLISECONDS);
        if (directory != null) {
            long beat = SessionDirectory.HEARTBEAT.toMillis();
            context.scheduler().scheduleWithFixedDelay(() -> directory.heartbeat(sessions.values()), beat, beat,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Sets the one listener of this registry. */
    public void listen(Listener listener) {
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** From now on {@link #open} refuses every new session (the replica drains before it stops). */
    public void refuseNewSessions() {
        refusing = true;
    }

    /** Whether a session {@code id} (of any user, established or not) lives in this process. */
    public boolean hosts(String id) {
        return id != null && sessions.containsKey(id);
    }

    /** The ids of the sessions living in this process, a snapshot. */
    public java.util.Set<String> ids() {
        return java.util.Set.copyOf(sessions.keySet());
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
        if (refusing) {
            throw new SessionLimitException("this gateway is shutting down; retry and another one takes the session");
        }
        if (sessions.size() >= maxTotal) {
            throw new SessionLimitException("the gateway runs its maximum of " + maxTotal + " MCP sessions");
        }
        if (count(userId, null) >= maxPerUser) {
            throw new SessionLimitException("you have the maximum of " + maxPerUser + " open MCP sessions;"
                    + " end one (DELETE) or wait for one to expire");
        }
        McpSession session = new McpSession(SessionIds.next(), userId, service, context, this::forget);
        sessions.put(session.id(), session);
        try {
            listener.opened(session.id());
        } catch (RuntimeException e) {
            sessions.remove(session.id(), session);
            LOG.warn("event=session_not_recorded service={} user={} error={}", service, userId, e.getMessage());
            throw new SessionLimitException("the gateway's state store is not reachable; retry shortly");
        }
        if (directory != null) {
            directory.opened(session);
        }
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
        listener.touched(id);
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

    /**
     * Ends every live session of {@code userId} and its child at once (the operator revoked the user); the client's
     * next request gets 404. Returns how many sessions were ended.
     */
    public int endSessionsOf(String userId, String reason) {
        int ended = 0;
        for (McpSession s : sessions.values()) {
            if (!s.ended() && s.userId().equals(userId)) {
                s.terminate(reason);
                ended++;
            }
        }
        if (ended > 0) {
            LOG.info("event=user_sessions_ended user={} sessions={} reason=\"{}\"", userId, ended, reason);
        }
        return ended;
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
            listener.ended(session.id());
            if (directory != null) {
                directory.ended(session);
            }
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
