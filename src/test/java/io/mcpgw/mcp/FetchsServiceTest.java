package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native fetchs service through the full HTTP route of the in-process gateway (test access guard). The target
 * site is on loopback, which the gateway refuses by default: this gateway runs with
 * {@code gateway.fetchs.allow-private=true}; {@link FetchsDefaultPolicyTest} runs one with the default.
 */
class FetchsServiceTest {
    static final TestAccessGuard GUARD = new TestAccessGuard();
    static final List<String> hits = new CopyOnWriteArrayList<>();
    static InProcessGateway gw;
    static McpTestClient client;
    static HttpServer site;

    @BeforeAll
    static void start() throws Exception {
        site = page("<html><head><title>Site</title></head><body><h2>Greetings</h2><p>0123456789</p></body></html>", hits);
        gw = InProcessGateway.start(Map.of("MCP_MAX_SESSIONS_PER_USER", "50", "MCP_MAX_SESSIONS", "100"), Map.of("accessGuard", GUARD), Map.of("gateway.fetchs.allow-private", "true"));
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
        site.stop(0);
    }

    /** A one-page site on 127.0.0.1: {@code /} the page, {@code /meta} a redirect to the metadata address. */
    static HttpServer page(String html, List<String> hits) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            hits.add(ex.getRequestURI().getPath());
            if (ex.getRequestURI().getPath().equals("/meta")) {
                ex.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data/");
                ex.sendResponseHeaders(302, -1);
            } else {
                byte[] body = html.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        s.start();
        return s;
    }

    static String url(String path) {
        return "http://127.0.0.1:" + site.getAddress().getPort() + path;
    }

    @Test
    void initializeIsNegotiatedByTheGateway() throws Exception {
        for (String version : List.of("2025-03-26", "2025-06-18", "2025-11-25")) {
            HttpResponse<String> r = client.post("fetchs", "alice", null, McpTestClient.initialize(version));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Mcp-Session-Id")).isPresent();
            JsonNode result = response(r).get("result");
            assertThat(result.get("protocolVersion").asText()).isEqualTo(version);
            assertThat(result.at("/capabilities/tools").isObject()).isTrue();
            assertThat(result.at("/serverInfo/name").asText()).isEqualTo("fetchs");
            assertThat(result.at("/serverInfo/version").asText()).isNotBlank();
        }
        HttpResponse<String> future = client.post("fetchs", "alice", null, McpTestClient.initialize("2099-01-01"));
        assertThat(response(future).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
        HttpResponse<String> old = client.post("fetchs", "alice", null, McpTestClient.initialize("2024-11-05"));
        assertThat(response(old).at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
    }

    @Test
    void notificationsAre202AndPingAnswers() throws Exception {
        String session = client.open("fetchs", "alice");
        HttpResponse<String> n = client.post("fetchs", "alice", session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}");
        assertThat(n.statusCode()).isEqualTo(202);
        HttpResponse<String> ping = client.post("fetchs", "alice", session, "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}");
        assertThat(response(ping).get("id").asText()).isEqualTo("p");
        assertThat(response(ping).get("result").isEmpty()).isTrue();
    }

    @Test
    void toolsListShowsFetchWithItsInputSchema() throws Exception {
        String session = client.open("fetchs", "alice");
        HttpResponse<String> r = client.post("fetchs", "alice", session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}");
        JsonNode tools = response(r).at("/result/tools");
        assertThat(tools).hasSize(1);
        JsonNode fetch = tools.get(0);
        assertThat(fetch.get("name").asText()).isEqualTo("fetch");
        assertThat(fetch.get("description").asText()).contains("private");
        JsonNode schema = fetch.get("inputSchema");
        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactly("url");
        assertThat(schema.at("/properties/max_length/default").asInt()).isEqualTo(5000);
        assertThat(schema.at("/properties/max_length/maximum").asInt()).isEqualTo(100000);
        assertThat(schema.at("/properties/start_index/default").asInt()).isZero();
        assertThat(schema.at("/properties/raw/type").asText()).isEqualTo("boolean");
    }

    @Test
    void fetchReturnsThePageAsTextAPageAtATime() throws Exception {
        String session = client.open("fetchs", "alice");
        HttpResponse<String> r = client.post("fetchs", "alice", session,
                call(1, "fetch", "{\"url\":\"" + url("/") + "\"}"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode result = response(r).get("result");
        assertThat(result.get("isError").asBoolean()).isFalse();
        assertThat(result.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(result.at("/content/0/text").asText()).startsWith("Contents of " + url("/") + ":\n")
                .contains("# Site").contains("## Greetings").contains("0123456789").doesNotContain("<p>");

        HttpResponse<String> first = client.post("fetchs", "alice", session,
                call(2, "fetch", "{\"url\":\"" + url("/") + "\",\"max_length\":10}"));
        String text = response(first).at("/result/content/0/text").asText();
        assertThat(text).contains("start_index of 10");
        HttpResponse<String> raw = client.post("fetchs", "alice", session,
                call(3, "fetch", "{\"url\":\"" + url("/") + "\",\"raw\":true,\"start_index\":6,\"max_length\":12}"));
        assertThat(response(raw).at("/result/content/0/text").asText()).contains("<head><title")
                .contains("start_index of 18");
    }

    @Test
    void refusedFetchesAreToolErrors() throws Exception {
        String session = client.open("fetchs", "alice");
        hits.clear();
        HttpResponse<String> meta = client.post("fetchs", "alice", session, call(1, "fetch", "{\"url\":\"" + url("/meta") + "\"}"));
        JsonNode result = response(meta).get("result");
        assertThat(result.get("isError").asBoolean()).isTrue();
        assertThat(result.at("/content/0/text").asText()).startsWith("Refused to fetch")
                .contains("169.254.169.254 is a cloud metadata address");
        assertThat(hits).containsExactly("/meta");

        for (String url : List.of("file:///etc/passwd", "ftp://example.org/", "gopher://example.org/",
                "http://169.254.169.254/", "http://[fe80::1]/", "http://metadata.google.internal/")) {
            HttpResponse<String> r = client.post("fetchs", "alice", session, call(2, "fetch", "{\"url\":\"" + url + "\"}"));
            assertThat(response(r).at("/result/isError").asBoolean()).as(url).isTrue();
            assertThat(response(r).at("/result/content/0/text").asText()).as(url).startsWith("Refused to fetch " + url);
        }
        HttpResponse<String> malformed = client.post("fetchs", "alice", session, call(3, "fetch", "{\"url\":\"http://a b/\"}"));
        assertThat(response(malformed).at("/result/isError").asBoolean()).isTrue();
        assertThat(response(malformed).at("/result/content/0/text").asText()).contains("malformed URL");
    }

    @Test
    void badArgumentsUnknownToolsAndMethodsAreJsonRpcErrors() throws Exception {
        String session = client.open("fetchs", "alice");
        HttpResponse<String> missing = client.post("fetchs", "alice", session, call(1, "fetch", "{}"));
        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(response(missing).get("id").asInt()).isEqualTo(1);
        assertThat(response(missing).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(response(missing).at("/error/message").asText()).contains("url");
        HttpResponse<String> tooLong = client.post("fetchs", "alice", session,
                call(2, "fetch", "{\"url\":\"" + url("/") + "\",\"max_length\":100001}"));
        assertThat(response(tooLong).at("/error/code").asInt()).isEqualTo(-32602);
        HttpResponse<String> notBool = client.post("fetchs", "alice", session,
                call(3, "fetch", "{\"url\":\"" + url("/") + "\",\"raw\":\"yes\"}"));
        assertThat(response(notBool).at("/error/code").asInt()).isEqualTo(-32602);
        HttpResponse<String> unknown = client.post("fetchs", "alice", session, call(4, "teleport", "{}"));
        assertThat(response(unknown).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(response(unknown).at("/error/message").asText()).contains("Unknown tool: teleport");
        HttpResponse<String> method = client.post("fetchs", "alice", session,
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/list\"}");
        assertThat(response(method).at("/error/code").asInt()).isEqualTo(-32601);
    }

    @Test
    void sessionsAreBoundToTheUserAndEndWithDelete() throws Exception {
        String session = client.open("fetchs", "alice");
        HttpResponse<String> stolen = client.post("fetchs", "bob", session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(client.send("DELETE", "fetchs", "alice", session, Map.of()).statusCode()).isEqualTo(204);
        HttpResponse<String> after = client.post("fetchs", "alice", session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(client.post("fetchs", null, null, McpTestClient.initialize("2025-06-18")).statusCode()).isEqualTo(401);
    }

    @Test
    void theRequestPathIsTheCamelRoutes() throws Exception {
        assertThat(gw.context().getRoute("mcp-fetchs")).isNotNull();
        assertThat(gw.context().getRoute("mcp-native-rpc")).isNotNull();
        String session = client.open("fetchs", "carol");
        // With the tool's route stopped, the call fails inside mcp-native-rpc: the route is what does the work.
        gw.context().getRouteController().stopRoute("mcp-tool-fetch");
        try {
            HttpResponse<String> r = client.post("fetchs", "carol", session, call(1, "fetch", "{\"url\":\"" + url("/") + "\"}"));
            assertThat(response(r).at("/error/code").asInt()).isEqualTo(-32603);
            assertThat(response(r).get("id").asInt()).isEqualTo(1);
        } finally {
            gw.context().getRouteController().startRoute("mcp-tool-fetch");
        }
        HttpResponse<String> again = client.post("fetchs", "carol", session, call(2, "fetch", "{\"url\":\"" + url("/") + "\"}"));
        assertThat(response(again).at("/result/isError").asBoolean()).isFalse();
    }

    @Test
    void healthProbesTheNativeService() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> Json.parseUntrusted(client.http.send(HttpRequest.newBuilder(
                client.uri("/health/services/fetchs")).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .get("status").asText().equals("up"));
        HttpResponse<String> r = client.http.send(HttpRequest.newBuilder(client.uri("/health/services/fetchs")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode health = Json.parseUntrusted(r.body());
        assertThat(health.get("status").asText()).isEqualTo("up");
        assertThat(health.get("protocol_version").asText()).isEqualTo("2025-11-25");
    }
}
