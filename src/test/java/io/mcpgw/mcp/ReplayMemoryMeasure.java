package io.mcpgw.mcp;

import static org.awaitility.Awaitility.await;

import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures what resumable streams cost the gateway's heap (not a test: run by hand, figures in docs/mcp-bridge.md):
 * the heap per idle session for 2025-06-18 and 2025-11-25 sessions, then per session holding one detached stream
 * (a long call whose POST connection dropped after its priming event; the call then ends with nobody connected, so
 * its progress notifications and result are kept for a resume).
 *
 * <p>Run: {@code mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt && java -cp
 * target/test-classes:target/classes:$(cat /tmp/cp.txt) io.mcpgw.mcp.ReplayMemoryMeasure 30}
 */
public final class ReplayMemoryMeasure {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        NodeModules.requireInstalled();
        try (InProcessGateway gw = InProcessGateway.start(Map.of("MCP_MAX_SESSIONS_PER_USER", "500", "MCP_MAX_SESSIONS",
                "500"), Map.of("accessGuard", new TestAccessGuard()), Map.of())) {
            McpTestClient client = new McpTestClient(gw);
            SessionRegistry sessions = gw.bean(SessionRegistry.BEAN, SessionRegistry.class);
            for (String version : List.of("2025-06-18", "2025-11-25", "2025-06-18", "2025-11-25")) {
                long before = usedHeapAfterGc();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    ids.add(open(client, version));
                }
                long idle = usedHeapAfterGc();
                System.out.printf("%s: heap per idle session %.1f KiB (%d sessions)%n", version,
                        (idle - before) / 1024.0 / n, n);
                if (version.equals("2025-11-25")) {
                    for (String id : ids) {
                        try (SseConnection post = SseConnection.open(gw.port(), "POST", "/everything/mcp", Map.of(
                                "Authorization", "Bearer user-bench", "Mcp-Session-Id", id, "Accept",
                                McpTestClient.BOTH), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                                + "{\"name\":\"trigger-long-running-operation\",\"arguments\":{\"duration\":0.5,"
                                + "\"steps\":5},\"_meta\":{\"progressToken\":\"p\"}}}")) {
                            post.next(); // the priming event; then the connection drops
                        }
                    }
                    // every call ends with nobody connected: 5 progress events + the result kept for a resume
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                            ids.stream().allMatch(id -> finishedKeptStreams(sessions, id) == 1));
                    long kept = usedHeapAfterGc();
                    System.out.printf("%s: heap per session holding one dropped stream (6 events kept) %.1f KiB%n",
                            version, (kept - before) / 1024.0 / n);
                }
                for (String id : ids) {
                    client.send("DELETE", "everything", "bench", id, Map.of());
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> sessions.size() == 0);
            }
        }
    }

    /** The streams of session {@code id} that hold their call's result for a resume (-1: no such session). */
    private static int finishedKeptStreams(SessionRegistry sessions, String id) {
        McpSession session = sessions.find(id, "bench", "everything");
        return session == null ? -1 : session.finishedKeptStreams();
    }

    private static String open(McpTestClient client, String version) throws Exception {
        HttpResponse<String> r = client.post("everything", "bench", null, McpTestClient.initialize(version));
        String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
        client.post("everything", "bench", session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return session;
    }

    /** Used heap once full collections stop freeing more than 1 % (at most 10 rounds; System.gc() is synchronous). */
    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long before = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = rt.totalMemory() - rt.freeMemory();
            if (used >= before - before / 100) {
                return used;
            }
            before = used;
        }
        return before;
    }
}
