package io.mcpgw.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native time, fetch and tmux services through the real gateway over HTTP, with real access tokens from the
 * development login (register, authorize with PKCE and the service's resource, consent, token): each test calls one
 * of the service's tools the way an MCP client does. The tmux service runs the system tmux; each user's tmux server
 * is killed after the tests.
 */
class NativeServicesHttpTest {
    static InProcessGateway gw;
    static DevLoginClient oauth;
    static HttpServer site;
    static Path dataDir;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("nsh");
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", ex -> {
            byte[] body = "<html><body><h1>Hello</h1><p>from the test site</p></body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/missing") ? 404 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        site.start();
        gw = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0"), Map.of(),
                Map.of("gateway.fetchs.allow-private", "true", "gateway.mcp.data-dir", dataDir.toString()));
        oauth = new DevLoginClient("http://127.0.0.1:" + gw.port());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        NativeServicesTestSupport.killTmuxServers(dataDir);
        site.stop(0);
    }

    /** An MCP session of {@code user} on {@code service}, with a token for that service's resource. */
    record Session(String service, String token, String id) {
        JsonNode call(String tool, String argumentsJson) throws Exception {
            HttpResponse<String> r = post(service, token, id, McpTestClient.call(7, tool, argumentsJson));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return McpTestClient.response(r);
        }
    }

    static Session open(String service, String user) throws Exception {
        String token = oauth.login(user, gw.issuer() + "/" + service + "/mcp", null).accessToken();
        HttpResponse<String> init = post(service, token, null, McpTestClient.initialize("2025-06-18"));
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        assertThat(McpTestClient.response(init).at("/result/serverInfo/name").asText()).isEqualTo(service);
        String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post(service, token, id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
                .isEqualTo(202);
        return new Session(service, token, id);
    }

    static HttpResponse<String> post(String service, String token, String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/" + service + "/mcp")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", McpTestClient.BOTH)
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body));
        Optional.ofNullable(session).ifPresent(s -> b.header("Mcp-Session-Id", s));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String text(JsonNode response) {
        return response.at("/result/content/0/text").asText();
    }

    @Test
    void timeAnswersGetCurrentTimeAndListsTheReferenceTools() throws Exception {
        Session s = open("time", "alice");
        HttpResponse<String> list = post("time", s.token(), s.id(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertThat(McpTestClient.response(list).at("/result/tools")).extracting(t -> t.get("name").asText())
                .containsExactly("get_current_time", "convert_time");
        JsonNode r = s.call("get_current_time", "{\"timezone\":\"Asia/Tokyo\"}");
        assertThat(r.at("/result/isError").asBoolean()).isFalse();
        JsonNode time = Json.parseUntrusted(text(r));
        assertThat(time.get("timezone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(OffsetDateTime.parse(time.get("datetime").asText()).getOffset().getTotalSeconds()).isEqualTo(9 * 3600);
        assertThat(time.get("is_dst").asBoolean()).isFalse();
        JsonNode bad = s.call("get_current_time", "{\"timezone\":\"Mars/Olympus\"}");
        assertThat(bad.at("/result/isError").asBoolean()).isTrue();
        assertThat(text(bad)).isEqualTo("Error processing mcp-server-time query: Invalid timezone: "
                + "'No time zone found with key Mars/Olympus'");
    }

    @Test
    void fetchAnswersAsTheReferenceServer() throws Exception {
        Session s = open("fetch", "alice");
        HttpResponse<String> list = post("fetch", s.token(), s.id(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        JsonNode tool = McpTestClient.response(list).at("/result/tools/0");
        assertThat(tool.get("name").asText()).isEqualTo("fetch");
        assertThat(tool.get("description").asText())
                .startsWith("Fetches a URL from the internet and optionally extracts its contents as markdown.");
        assertThat(tool.at("/inputSchema/properties/max_length/exclusiveMaximum").asInt()).isEqualTo(1000000);
        String url = "http://127.0.0.1:" + site.getAddress().getPort() + "/page";
        JsonNode r = s.call("fetch", "{\"url\":\"" + url + "\",\"max_length\":8}");
        assertThat(r.at("/result/isError").asBoolean()).isFalse();
        assertThat(text(r)).startsWith("Contents of " + url + ":\n")
                .endsWith("\n\n<error>Content truncated. Call the fetch tool with a start_index of 8 to get more content.</error>");
        JsonNode missing = s.call("fetch", "{\"url\":\"" + url.replace("/page", "/missing") + "\"}");
        assertThat(missing.at("/result/isError").asBoolean()).isTrue();
        assertThat(text(missing)).isEqualTo("Failed to fetch " + url.replace("/page", "/missing") + " - status code 404");
        JsonNode metadata = s.call("fetch", "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}");
        assertThat(metadata.at("/result/isError").asBoolean()).isTrue();
        assertThat(text(metadata)).startsWith("Refused to fetch");
        JsonNode noUrl = s.call("fetch", "{}");
        assertThat(noUrl.at("/result/isError").asBoolean()).as("the reference answers bad arguments as tool errors").isTrue();
    }

    @Test
    void tmuxRunsACommandAndBobNeverSeesAlicesSessions() throws Exception {
        Session alice = open("tmux", "alice");
        JsonNode created = alice.call("create-session", "{\"name\":\"work\"}");
        assertThat(text(created)).startsWith("Session created: {");
        JsonNode sessions = Json.parseUntrusted(text(alice.call("list-sessions", "{}")));
        assertThat(sessions).extracting(n -> n.get("name").asText()).containsExactly("work");
        String sessionId = sessions.get(0).get("id").asText();
        JsonNode windows = Json.parseUntrusted(text(alice.call("list-windows", "{\"sessionId\":\"" + sessionId + "\"}")));
        JsonNode panes = Json.parseUntrusted(text(alice.call("list-panes",
                "{\"windowId\":\"" + windows.get(0).get("id").asText() + "\"}")));
        String pane = panes.get(0).get("id").asText();
        String started = text(alice.call("execute-command", "{\"paneId\":\"" + pane + "\",\"command\":\"echo $((6*7)); false\"}"));
        String commandId = started.replaceAll("(?s).*Command ID: ([0-9a-f-]{36}).*", "$1");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> text(alice.call("get-command-result", "{\"commandId\":\"" + commandId + "\"}")).startsWith("Status:"));
        assertThat(text(alice.call("get-command-result", "{\"commandId\":\"" + commandId + "\"}")))
                .isEqualTo("Status: error\nExit code: 1\nCommand: echo $((6*7)); false\n\n--- Output ---\n42");

        Session bob = open("tmux", "bob");
        assertThat(text(bob.call("list-sessions", "{}"))).isEqualTo("[]");
        assertThat(text(bob.call("find-session", "{\"name\":\"work\"}"))).isEqualTo("Session not found: work");
        JsonNode stolen = bob.call("get-command-result", "{\"commandId\":\"" + commandId + "\"}");
        assertThat(stolen.at("/result/isError").asBoolean()).isTrue();
        assertThat(text(stolen)).isEqualTo("Command not found: " + commandId);
        JsonNode peek = bob.call("capture-pane", "{\"paneId\":\"" + pane + "\"}");
        assertThat(peek.at("/result/isError").asBoolean()).as("bob's tmux server has no pane of alice's").isTrue();
        assertThat(text(peek)).doesNotContain("42");
    }
}
