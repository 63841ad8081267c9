package io.mcpgw.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replay buffer's bounds through the full route, with a small buffer ({@code gateway.mcp.replay-buffer-bytes}
 * 400, {@code gateway.mcp.replay-buffer-age} PT6S): a resume past the byte bound replays what remains (the newest
 * events, the result among them), and one after the events aged out is refused with 400; the session goes on.
 */
class SseReplayBoundsTest {
    static InProcessGateway gw;
    static McpTestClient client;

    @BeforeAll
    static void start() {
        NodeModules.requireInstalled();
        gw = InProcessGateway.start(Map.of(), Map.of("accessGuard", new TestAccessGuard()),
                Map.of("gateway.mcp.data-dir", "target/test-services-data", "gateway.mcp.replay-buffer-bytes", "400",
                        "gateway.mcp.replay-buffer-age", "PT6S"));
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void pastTheByteBoundTheOldestEventsAreNotReplayedButTheNewestAre() throws Exception {
        String session = open();
        String primingId = dropAfterPriming(session, 21);
        // the call (4 progress notifications, then the result) ends while nobody is connected
        io.mcpgw.mcp.session.SessionRegistry sessions = gw.bean("mcpSessions", io.mcpgw.mcp.session.SessionRegistry.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            io.mcpgw.mcp.session.McpSession open = sessions.find(session, "dave", "everything");
            return open != null && open.finishedKeptStreams() == 1;
        });
        try (SseConnection resumed = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                SseResumptionTestHeaders.get(session, primingId), null)) {
            assertThat(resumed.status).isEqualTo(200);
            List<Integer> progress = new ArrayList<>();
            JsonNode result = null;
            for (SseConnection.Event e = resumed.next(); e != null; e = resumed.next()) {
                JsonNode m = Json.parseUntrusted(e.data());
                if (m.has("method")) {
                    progress.add(m.at("/params/progress").asInt());
                } else {
                    result = m;
                }
            }
            assertThat(progress).as("only the newest progress notifications fit in 400 bytes").hasSizeLessThan(4)
                    .isSorted();
            if (!progress.isEmpty()) {
                assertThat(progress.get(progress.size() - 1)).isEqualTo(4);
            }
            assertThat(result).as("the newest event, the result, is replayed").isNotNull();
            assertThat(result.get("id").asInt()).isEqualTo(21);
        }
        assertThat(echo(session)).isEqualTo("Echo: on");
    }

    @Test
    void afterTheAgeBoundAStreamIsNoLongerKept() throws Exception {
        String session = open();
        String primingId = dropAfterPriming(session, 22);
        Thread.sleep(1200 + 7000); // the call ends, then its events pass the 6 s age bound
        HttpResponse<String> r = client.send("GET", "everything", "dave", session,
                Map.of("Accept", "text/event-stream", "Last-Event-ID", primingId));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.parseUntrusted(r.body()).at("/error/message").asText()).contains("no longer kept");
        assertThat(echo(session)).isEqualTo("Echo: on");
    }

    private static String dropAfterPriming(String session, int id) throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"trigger-long-running-operation\",\"arguments\":{\"duration\":0.8,\"steps\":4},"
                + "\"_meta\":{\"progressToken\":\"bounds-" + id + "\"}}}";
        Map<String, String> headers = new java.util.HashMap<>(SseResumptionTestHeaders.get(session, null));
        headers.put("Accept", McpTestClient.BOTH);
        headers.put("MCP-Protocol-Version", "2025-11-25");
        try (SseConnection post = SseConnection.open(gw.port(), "POST", "/everything/mcp", headers, call)) {
            SseConnection.Event priming = post.next();
            assertThat(priming.data()).isEmpty();
            return priming.id();
        }
    }

    private static String open() throws Exception {
        HttpResponse<String> r = client.post("everything", "dave", null, McpTestClient.initialize("2025-11-25"));
        String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
        client.post("everything", "dave", session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return session;
    }

    private static String echo(String session) throws Exception {
        return McpTestClient.response(client.post("everything", "dave", session,
                McpTestClient.call(1, "echo", "{\"message\":\"on\"}"))).at("/result/content/0/text").asText();
    }

    /** Request headers of user dave's GET. */
    static final class SseResumptionTestHeaders {
        static Map<String, String> get(String session, String lastEventId) {
            Map<String, String> h = new java.util.HashMap<>();
            h.put("Authorization", "Bearer user-dave");
            h.put("Mcp-Session-Id", session);
            h.put("Accept", "text/event-stream");
            if (lastEventId != null) {
                h.put("Last-Event-ID", lastEventId);
            }
            return h;
        }
    }
}
