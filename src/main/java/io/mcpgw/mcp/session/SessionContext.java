package io.mcpgw.mcp.session;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session shares: the timer for request timeouts, the executor that reaps children, and the limits.
 *
 * @param requestTimeout a request the child has not answered by then gets -32001 and the child a
 *                       {@code notifications/cancelled}
 * @param killGrace      wait after closing stdin, and again after SIGTERM, before escalating
 * @param backlogLimit   server→client messages kept for a GET stream that is not open yet (oldest dropped beyond)
 * @param backlogMaxBytes the same backlog's bound in bytes (serialized JSON)
 * @param maxInFlight    client requests one session may have unanswered at once; one more is answered at once with
 *                       a JSON-RPC error ({@link McpSession#request}) and the session goes on
 */
public record SessionContext(ScheduledExecutorService scheduler, Executor reaper, Duration requestTimeout,
                             Duration killGrace, int backlogLimit, long backlogMaxBytes, int maxInFlight,
                             McpMeters meters) {
}
