package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.messages;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.GatewayWithServices;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Streamable HTTP rules (MCP transports §2, mcp-requirements §A6) against a well-behaved fake stdio server. */
class StreamableHttpTransportTest {
    static GatewayWithServices gateway;
    static InProcessGateway gw;
    static McpTestClient client;
    static final TestAccessGuard GUARD = new TestAccessGuard();

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayWithServices.builder()
                .service("basic", NodeModules.serviceFile("basic", "basic.js", ""))
                .env("MCP_CORS_ORIGINS", "https://app.example.com")
                .env("MCP_MAX_SESSIONS_PER_USER", "100").env("MCP_MAX_SESSIONS", "200")
                .property("gateway.mcp.max-body-bytes", "2048")
                .accessGuard(GUARD).start();
        gw = gateway.gateway();
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Stream<Arguments> malformed() {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(3000) + "\"}}";
        return Stream.of(
                Arguments.of("invalid JSON", "{\"jsonrpc\":", Map.of(), false, 400, -32700),
                Arguments.of("a JSON string", "\"hello\"", Map.of(), false, 400, -32600),
                Arguments.of("no jsonrpc member", "{\"id\":1,\"method\":\"ping\"}", Map.of(), false, 400, -32600),
                Arguments.of("method not a string", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", Map.of(), false, 400, -32600),
                Arguments.of("id an object", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", Map.of(), false, 400, -32600),
                Arguments.of("result and error", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{}}", Map.of(), false, 400, -32600),
                Arguments.of("empty batch", "[]", Map.of(), true, 400, -32600),
                Arguments.of("initialize inside a batch", "[" + McpTestClient.initialize("2025-03-26") + "]", Map.of(), false, 400, -32600),
                Arguments.of("invalid element in a batch", "[{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1},3]", Map.of(), true, 400, -32600),
                Arguments.of("request without session", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", Map.of(), false, 400, -32000),
                Arguments.of("notification without session", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", Map.of(), false, 400, -32000),
                Arguments.of("unknown session", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                        Map.of("Mcp-Session-Id", "A".repeat(43)), false, 404, -32001),
                Arguments.of("garbage session id", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                        Map.of("Mcp-Session-Id", "../../etc/passwd"), false, 404, -32001),
                Arguments.of("unsupported protocol version", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                        Map.of("MCP-Protocol-Version", "2099-01-01"), true, 400, -32000),
                Arguments.of("foreign Origin", McpTestClient.initialize("2025-06-18"),
                        Map.of("Origin", "https://evil.example"), false, 403, -32000),
                Arguments.of("body over the limit", big, Map.of(), true, 413, -32000),
                Arguments.of("not JSON content type", "{}", Map.of("Content-Type", "text/plain"), true, 415, -32000));
    }

    @ParameterizedTest(name = "{0} -> {4} {5}")
    @MethodSource("malformed")
    void malformedInputGetsItsStatusAndJsonRpcCode(String what, String body, Map<String, String> headers,
                                                   boolean withSession, int status, int code) throws Exception {
        String session = withSession ? client.open("basic", "alice") : null;
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.putIfAbsent("Accept", McpTestClient.BOTH);
        HttpResponse<String> r = client.post("basic", "alice", headers.containsKey("Mcp-Session-Id") ? null : session,
                body, all);
        assertThat(r.statusCode()).as(what).isEqualTo(status);
        JsonNode error = Json.parseUntrusted(r.body());
        assertThat(error.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(error.at("/error/code").asInt()).as(what).isEqualTo(code);
        assertThat(error.at("/error/code").asInt()).isNotIn(-32601, -32020, -32021, -32022);
    }

    @Test
    void everyRequestIsCheckedByTheAccessGuardIncludingGetAndDelete() throws Exception {
        String session = client.open("basic", "alice");
        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> r = client.send(method, "basic", null, session, Map.of("Accept", "text/event-stream"));
            assertThat(r.statusCode()).as(method).isEqualTo(401);
            // The client reached the gateway at 127.0.0.1 (a loopback alias of the issuer): the challenge names the
            // metadata of that URL.
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer resource_metadata=\""
                    + "http://127.0.0.1:" + gw.port() + "/.well-known/oauth-protected-resource/basic/mcp\"");
        }
        HttpResponse<String> post = client.post("basic", null, session, call(1, "echo", "{}"));
        assertThat(post.statusCode()).isEqualTo(401);
        int before = GUARD.checks.get();
        client.post("basic", "alice", session, call(2, "echo", "{}"));
        assertThat(GUARD.checks.get()).isEqualTo(before + 1);
    }

    @Test
    void theClientsAuthorizationHeaderNeverReachesTheChild() throws Exception {
        String session = client.open("basic", "alice");
        HttpResponse<String> r = client.post("basic", "alice", session, call(1, "env", "{\"name\":\"GITHUB_CLIENT_SECRET\"}"));
        assertThat(response(r).at("/result/content/0/text").asText()).isEmpty();
        HttpResponse<String> path = client.post("basic", "alice", session, call(2, "env", "{\"name\":\"PATH\"}"));
        assertThat(response(path).at("/result/content/0/text").asText()).isNotEmpty();
    }

    @Test
    void serverNotificationsWithoutProgressTokenStillReachTheSsePost() throws Exception {
        String session = client.open("basic", "alice");
        HttpResponse<String> r = client.post("basic", "alice", session, call("n1", "notify", "{}"));
        List<JsonNode> msgs = messages(r);
        assertThat(msgs).extracting(m -> m.path("method").asText()).startsWith("notifications/message");
        assertThat(msgs.get(msgs.size() - 1).get("id").asText()).isEqualTo("n1");
    }

    @Test
    void aServerRequestGoesToTheClientAndItsResponseIsMappedBack() throws Exception {
        String session = client.open("basic", "alice");
        // Read the SSE stream line by line: the roots/list request comes first, we answer it, then the result.
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = client.http.send(HttpRequest.newBuilder(client.uri("/basic/mcp"))
                .header("Authorization", "Bearer user-alice").header("Mcp-Session-Id", session)
                .header("Content-Type", "application/json").header("Accept", McpTestClient.BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(call(6, "ask", "{}"))).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.headers().firstValue("Content-Type")).contains("text/event-stream");
        CompletableFuture.runAsync(() -> stream.body().forEach(lines::add));
        JsonNode serverRequest = nextData(lines);
        assertThat(serverRequest.get("method").asText()).isEqualTo("roots/list");
        String gatewayId = serverRequest.get("id").asText();
        assertThat(gatewayId).startsWith("s-");
        HttpResponse<String> answer = client.post("basic", "alice", session,
                "{\"jsonrpc\":\"2.0\",\"id\":\"" + gatewayId + "\",\"result\":{\"roots\":[{\"uri\":\"file:///tmp\"}]}}");
        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode result = nextData(lines);
        assertThat(result.get("id").asInt()).isEqualTo(6);
        assertThat(result.at("/result/content/0/text").asText()).contains("file:///tmp");
    }

    @Test
    void serverMessagesWithoutAPostInFlightGoToTheGetStream() throws Exception {
        String session = client.open("basic", "alice");
        // A JSON-only POST cannot carry the notification: it must go to the GET stream (backlog until it opens).
        HttpResponse<String> r = client.post("basic", "alice", session, call(1, "notify", "{}"),
                Map.of("Accept", "application/json"));
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> get = client.http.send(HttpRequest.newBuilder(client.uri("/basic/mcp"))
                .header("Authorization", "Bearer user-alice").header("Mcp-Session-Id", session)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("X-Accel-Buffering")).contains("no");
        CompletableFuture.runAsync(() -> get.body().forEach(lines::add));
        assertThat(nextData(lines).get("method").asText()).isEqualTo("notifications/message");
        HttpResponse<String> second = client.send("GET", "basic", "alice", session, Map.of("Accept", "text/event-stream"));
        assertThat(second.statusCode()).isEqualTo(409);
    }

    @Test
    void batchesOf2025_03_26AreFannedOut() throws Exception {
        String session = client.open("basic", "alice");
        HttpResponse<String> r = client.post("basic", "alice", session, "[" + call(1, "echo", "{\"message\":\"a\"}") + ","
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/whatever\"}," + call(2, "echo", "{\"message\":\"b\"}") + "]");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode arr = Json.parseUntrusted(r.body());
        assertThat(arr.isArray()).isTrue();
        assertThat(arr.findValuesAsText("text")).containsExactly("Echo: a", "Echo: b");
        HttpResponse<String> notes = client.post("basic", "alice", session,
                "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/a\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/b\"}]");
        assertThat(notes.statusCode()).isEqualTo(202);
        assertThat(notes.body()).isEmpty();
    }

    @Test
    void corsPreflightNeedsNoTokenAndOnlyListedOriginsAreEchoed() throws Exception {
        HttpResponse<String> pre = client.send("OPTIONS", "basic", null, null, Map.of("Origin", "https://app.example.com",
                "Access-Control-Request-Method", "POST"));
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("Authorization", "MCP-Protocol-Version", "Mcp-Session-Id", "Last-Event-ID");
        HttpResponse<String> init = client.post("basic", "alice", null, McpTestClient.initialize("2025-06-18"),
                Map.of("Origin", "https://app.example.com", "Accept", McpTestClient.BOTH));
        assertThat(init.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Mcp-Session-Id", "WWW-Authenticate");
        HttpResponse<String> evil = client.send("OPTIONS", "basic", null, null, Map.of("Origin", "https://evil.example"));
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.headers().map().toString()).doesNotContain("evil.example");
        HttpResponse<String> same = client.post("basic", "alice", null, McpTestClient.initialize("2025-06-18"),
                Map.of("Origin", "http://127.0.0.1:" + gw.port(), "Accept", McpTestClient.BOTH));
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void unknownServiceIs404AndOtherMethodsAre405() throws Exception {
        assertThat(client.post("nosuch", "alice", null, McpTestClient.initialize("2025-06-18")).statusCode()).isEqualTo(404);
        assertThat(client.send("PUT", "basic", "alice", null, Map.of()).statusCode()).isEqualTo(405);
        String session = client.open("basic", "alice");
        assertThat(client.send("GET", "basic", "alice", session, Map.of("Accept", "application/json")).statusCode())
                .isEqualTo(406);
        assertThat(client.send("GET", "basic", "alice", null, Map.of("Accept", "text/event-stream")).statusCode())
                .isEqualTo(400);
    }

    private static JsonNode nextData(LinkedBlockingQueue<String> lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("data: ")) {
                return Json.parseUntrusted(line.substring(6));
            }
        }
        throw new AssertionError("no SSE event within 10 s");
    }
}
