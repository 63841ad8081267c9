package io.mcpgw.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resumable SSE streams (MCP 2025-11-25 transports, "Resumability and Redelivery") through the full HTTP route with
 * server-everything's long-running tool: the priming event, a POST stream dropped mid-call and resumed with a GET
 * carrying {@code Last-Event-ID}, the GET stream resumed, ids that are not the session's refused, and sessions of
 * older revisions unchanged.
 */
class SseResumptionTest {
    static InProcessGateway gw;
    static McpTestClient client;
    static final TestAccessGuard GUARD = new TestAccessGuard();
    static final int STEPS = 8;
    static String refusals;
    static String refusalsTag;

    @BeforeAll
    static void start() {
        NodeModules.requireInstalled();
        gw = InProcessGateway.start(Map.of("MCP_MAX_SESSIONS_PER_USER", "20", "MCP_MAX_SESSIONS", "40"),
                Map.of("accessGuard", GUARD),
                Map.of("gateway.mcp.data-dir", "target/test-services-data"));
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void aToolCallDroppedMidwayIsResumedWithTheMissedProgressAndTheResult() throws Exception {
        String session = open("2025-11-25", "alice");
        List<Integer> progress = new ArrayList<>();
        String lastId;
        try (SseConnection post = SseConnection.open(gw.port(), "POST", "/everything/mcp", postHeaders("alice", session),
                longCall(5, 2.0, STEPS, "tok-5"))) {
            assertThat(post.status).isEqualTo(200);
            assertThat(post.header("Content-Type")).startsWith("text/event-stream");
            SseConnection.Event priming = post.next();
            assertThat(priming.data()).as("priming event: empty data").isEmpty();
            assertThat(priming.id()).matches("[0-9a-z]+-\\d+:0");
            String stream = priming.id().substring(0, priming.id().indexOf(':'));
            lastId = priming.id();
            for (int i = 1; i <= 2; i++) {
                SseConnection.Event e = post.next();
                assertThat(e.id()).isEqualTo(stream + ":" + i);
                JsonNode m = Json.parseUntrusted(e.data());
                assertThat(m.get("method").asText()).isEqualTo("notifications/progress");
                progress.add(m.at("/params/progress").asInt());
                lastId = e.id();
            }
        } // the connection drops here, in the middle of the call
        assertThat(progress).containsExactly(1, 2);

        try (SseConnection resumed = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                getHeaders("alice", session, lastId), null)) {
            assertThat(resumed.status).isEqualTo(200);
            assertThat(resumed.header("Content-Type")).startsWith("text/event-stream");
            JsonNode result = null;
            List<String> ids = new ArrayList<>();
            for (SseConnection.Event e = resumed.next(); e != null; e = resumed.next()) {
                ids.add(e.id());
                JsonNode m = Json.parseUntrusted(e.data());
                if (m.has("method")) {
                    progress.add(m.at("/params/progress").asInt());
                } else {
                    result = m;
                }
            }
            assertThat(progress).as("every progress notification exactly once, in order")
                    .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(ids).doesNotHaveDuplicates().doesNotContain(lastId);
            assertThat(result).as("the result arrives on the resumed stream, which then ends").isNotNull();
            assertThat(result.get("id").asInt()).isEqualTo(5);
            assertThat(result.at("/result/content/0/text").asText()).contains("Long running operation completed");
        }
        // the stream was delivered to its end on an open connection: it is not kept any longer
        String delivered = lastId;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(client.send("GET", "everything", "alice", session,
                        Map.of("Accept", "text/event-stream", "Last-Event-ID", delivered)).statusCode()).isEqualTo(400));
        end("alice", session);
    }

    @Test
    void aStreamResumedAfterTheCallEndedReplaysTheRestAndEnds() throws Exception {
        String session = open("2025-11-25", "alice");
        String lastId;
        try (SseConnection post = SseConnection.open(gw.port(), "POST", "/everything/mcp", postHeaders("alice", session),
                longCall(6, 0.6, 3, "tok-6"))) {
            lastId = post.next().id(); // the priming event only
        }
        Thread.sleep(1500); // the call ends while nobody is connected
        try (SseConnection resumed = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                getHeaders("alice", session, lastId), null)) {
            assertThat(resumed.status).isEqualTo(200);
            List<JsonNode> messages = new ArrayList<>();
            for (SseConnection.Event e = resumed.next(); e != null; e = resumed.next()) {
                messages.add(Json.parseUntrusted(e.data()));
            }
            assertThat(messages).extracting(m -> m.at("/params/progress").asInt(0)).containsExactly(1, 2, 3, 0);
            assertThat(messages.get(3).get("id").asInt()).isEqualTo(6);
        }
        assertThat(echo(session, "alice", "after")).isEqualTo("Echo: after");
        end("alice", session);
    }

    @Test
    void aSlowCallWithoutProgressIsPrimedAfterASecondAndResumable() throws Exception {
        String session = open("2025-11-25", "alice");
        HttpResponse<String> quick = client.post("everything", "alice", session,
                McpTestClient.call(10, "echo", "{\"message\":\"quick\"}"), postHeaders("alice", session));
        assertThat(quick.headers().firstValue("Content-Type")).as("a quick answer stays JSON").contains("application/json");
        String slow = "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"trigger-long-running-operation\",\"arguments\":{\"duration\":2.5,\"steps\":1}}}";
        String primingId;
        long sent = System.nanoTime();
        try (SseConnection post = SseConnection.open(gw.port(), "POST", "/everything/mcp", postHeaders("alice", session),
                slow)) {
            assertThat(post.header("Content-Type")).startsWith("text/event-stream");
            SseConnection.Event priming = post.next();
            assertThat(priming.data()).isEmpty();
            assertThat(System.nanoTime() - sent).as("primed about a second after the request reached the server")
                    .isGreaterThan(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(900));
            primingId = priming.id();
        } // dropped before the result
        try (SseConnection resumed = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                getHeaders("alice", session, primingId), null)) {
            SseConnection.Event result = resumed.next();
            assertThat(Json.parseUntrusted(result.data()).get("id").asInt()).isEqualTo(11);
            assertThat(resumed.next()).as("the stream ends after the result").isNull();
        }
        end("alice", session);
    }

    @Test
    void aSecondConnectionTakesTheStreamOverFromOneTheServerStillThinksOpen() throws Exception {
        String session = open("2025-11-25", "alice");
        try (SseConnection post = SseConnection.open(gw.port(), "POST", "/everything/mcp", postHeaders("alice", session),
                longCall(7, 1.2, 4, "tok-7"))) {
            String primingId = post.next().id();
            // the client gave up on the first connection (it stays open on the server's side) and resumes
            try (SseConnection resumed = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                    getHeaders("alice", session, primingId), null)) {
                List<JsonNode> messages = new ArrayList<>();
                for (SseConnection.Event e = resumed.next(); e != null; e = resumed.next()) {
                    messages.add(Json.parseUntrusted(e.data()));
                }
                assertThat(messages).extracting(m -> m.at("/params/progress").asInt(0)).containsExactly(1, 2, 3, 4, 0);
            }
        }
    }

    @Test
    void theGetStreamIsPrimedAndResumable() throws Exception {
        String session = open("2025-11-25", "alice");
        String primingId;
        try (SseConnection get = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                getHeaders("alice", session, null), null)) {
            assertThat(get.status).isEqualTo(200);
            SseConnection.Event priming = get.next();
            assertThat(priming.data()).isEmpty();
            primingId = priming.id();
            assertThat(primingId).matches("[0-9a-z]+-\\d+:0");
        }
        try (SseConnection resumed = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                getHeaders("alice", session, primingId), null)) {
            assertThat(resumed.status).isEqualTo(200);
            assertThat(resumed.header("Content-Type")).startsWith("text/event-stream");
            // the resumed stream is the session's GET stream again: a second plain GET is a conflict
            HttpResponse<String> second = client.send("GET", "everything", "alice", session,
                    Map.of("Accept", "text/event-stream"));
            assertThat(second.statusCode()).isEqualTo(409);
        }
    }

    @ParameterizedTest(name = "Last-Event-ID \"{0}\" is refused")
    @ValueSource(strings = {"garbage", "1:1", "0", ":", "-1:1", "abc-1:-1", "zzzzzz-1:1", "x-1:1 ", "%s-999:1",
            "%s-1:99999", "%s-1:1:1", "%s-99999999999999999999:1"})
    void lastEventIdsThatAreNotTheSessionsAreRefusedAndTheSessionGoesOn(String template) throws Exception {
        if (refusals == null) {
            refusals = open("2025-11-25", "carol");
            refusalsTag = ownTag("carol", refusals);
        }
        String session = refusals;
        String value = template.replace("%s", refusalsTag);
        HttpResponse<String> r = client.send("GET", "everything", "carol", session,
                Map.of("Accept", "text/event-stream", "Last-Event-ID", value));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode error = Json.parseUntrusted(r.body());
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32000);
        assertThat(error.at("/error/message").asText()).as("a fixed message: nothing of the header reflected")
                .isIn("Bad Request: Last-Event-ID is not the id of an event of this session",
                        "Bad Request: the events after this Last-Event-ID are no longer kept (the replay buffer of a "
                                + "stream is bounded in bytes and time); open the stream again without Last-Event-ID");
        assertThat(echo(session, "carol", "still here")).isEqualTo("Echo: still here");
    }

    @Test
    void anEventIdOfAnotherSessionNeverReplaysThatSessionsEvents() throws Exception {
        String bobs = open("2025-11-25", "bob");
        String bobsId;
        try (SseConnection post = SseConnection.open(gw.port(), "POST", "/everything/mcp", postHeaders("bob", bobs),
                longCall(8, 0.4, 2, "secret-progress"))) {
            bobsId = post.next().id();
        }
        Thread.sleep(800);
        // the same user's other session, and another user's session
        for (String[] caller : new String[][] {{"bob", open("2025-11-25", "bob")}, {"alice", open("2025-11-25", "alice")}}) {
            HttpResponse<String> r = client.send("GET", "everything", caller[0], caller[1],
                    Map.of("Accept", "text/event-stream", "Last-Event-ID", bobsId));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("secret-progress").doesNotContain("Long running");
        }
        // bob's session id with alice's token: not found, as for any other request
        HttpResponse<String> foreign = client.send("GET", "everything", "alice", bobs,
                Map.of("Accept", "text/event-stream", "Last-Event-ID", bobsId));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("secret-progress");
        // and bob's own session still has it
        try (SseConnection resumed = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                getHeaders("bob", bobs, bobsId), null)) {
            StringBuilder all = new StringBuilder();
            for (SseConnection.Event e = resumed.next(); e != null; e = resumed.next()) {
                all.append(e.data());
            }
            assertThat(all).contains("secret-progress").contains("Long running operation completed");
        }
    }

    @Test
    void olderRevisionsGetNoPrimingEventAndLastEventIdIsIgnoredAsBefore() throws Exception {
        String session = open("2025-06-18", "alice");
        try (SseConnection post = SseConnection.open(gw.port(), "POST", "/everything/mcp", postHeaders("alice", session),
                longCall(9, 0.4, 2, "tok-9"))) {
            SseConnection.Event first = post.next();
            assertThat(first.data()).as("no priming event before 2025-11-25").isNotEmpty();
            assertThat(first.id()).matches("\\d+:1");
        }
        try (SseConnection get = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                getHeaders("alice", session, "garbage"), null)) {
            assertThat(get.status).as("Last-Event-ID ignored: a plain GET stream").isEqualTo(200);
        }
    }

    private static void end(String user, String session) throws Exception {
        assertThat(client.send("DELETE", "everything", user, session, Map.of()).statusCode()).isEqualTo(204);
    }

    private static String ownTag(String user, String session) throws Exception {
        try (SseConnection get = SseConnection.open(gw.port(), "GET", "/everything/mcp",
                getHeaders(user, session, null), null)) {
            String id = get.next().id();
            return id.substring(0, id.indexOf('-'));
        }
    }

    private static String open(String version, String user) throws Exception {
        HttpResponse<String> r = client.post("everything", user, null, McpTestClient.initialize(version));
        assertThat(r.statusCode()).isEqualTo(200);
        String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> n = client.post("everything", user, session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of("Accept",
                        McpTestClient.BOTH, "MCP-Protocol-Version", version));
        assertThat(n.statusCode()).isEqualTo(202);
        return session;
    }

    private static String echo(String session, String user, String text) throws Exception {
        HttpResponse<String> r = client.post("everything", user, session,
                McpTestClient.call(1, "echo", "{\"message\":\"" + text + "\"}"));
        return McpTestClient.response(r).at("/result/content/0/text").asText();
    }

    private static String longCall(int id, double seconds, int steps, String token) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"trigger-long-running-operation\",\"arguments\":{\"duration\":" + seconds + ",\"steps\":" + steps
                + "},\"_meta\":{\"progressToken\":\"" + token + "\"}}}";
    }

    private static Map<String, String> postHeaders(String user, String session) {
        Map<String, String> h = new HashMap<>();
        h.put("Authorization", "Bearer user-" + user);
        h.put("Mcp-Session-Id", session);
        h.put("Accept", McpTestClient.BOTH);
        h.put("MCP-Protocol-Version", "2025-11-25");
        return h;
    }

    private static Map<String, String> getHeaders(String user, String session, String lastEventId) {
        Map<String, String> h = new HashMap<>();
        h.put("Authorization", "Bearer user-" + user);
        h.put("Mcp-Session-Id", session);
        h.put("Accept", "text/event-stream");
        if (lastEventId != null) {
            h.put("Last-Event-ID", lastEventId);
        }
        return h;
    }
}
