package io.mcpgw.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.GatewayApplication;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registration routes over real HTTP, on the gateway started in-process. */
class RegistrationRouteTest {
    /** Observed from Claude.ai (modelcontextprotocol/modelcontextprotocol#653), including its "claudeai" scope. */
    static final String CLAUDE = """
            {"client_name":"claudeai","grant_types":["authorization_code","refresh_token"],"response_types":["code"],
             "token_endpoint_auth_method":"none","scope":"claudeai","redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}""";
    /** Claude.ai's hosted connector as reported in 2026 (anthropics/claude-ai-mcp#1043): confidential, secret in the body. */
    static final String CLAUDE_HOSTED = """
            {"client_name":"Claude","grant_types":["authorization_code","refresh_token"],"response_types":["code"],
             "token_endpoint_auth_method":"client_secret_post","redirect_uris":["https://claude.ai/api/mcp/auth_callback"]}""";
    /** mcp-requirements.md A3.1. */
    static final String MCP_REMOTE = """
            {"redirect_uris":["http://127.0.0.1:9696/oauth/callback"],"token_endpoint_auth_method":"none",
             "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
             "client_name":"MCP CLI Client","client_uri":"https://github.com/modelcontextprotocol/mcp-cli",
             "scope":"mcp:tools","software_id":"2e6dc280-3a4b-4c5d-8e9f-0a1b2c3d4e5f","software_version":"0.15.1"}""";
    /** mcp-requirements.md A3.1. */
    static final String INSPECTOR = """
            {"redirect_uris":["http://127.0.0.1:6276/oauth/callback"],"token_endpoint_auth_method":"none",
             "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
             "client_name":"MCP Inspector","client_uri":"https://github.com/modelcontextprotocol/inspector","scope":"mcp:tools"}""";

    private static Main main;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startGateway() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // No rate limit here: the limit is covered by ClientRegistrationServiceTest and RegistrationEndpointTest.
        GatewaySettings settings = SettingsLoader.load(Map.of("GATEWAY_PORT", String.valueOf(port),
                "REGISTER_RATE_LIMIT", "0"));
        main = GatewayApplication.newMain(settings);
        main.start(); // non-blocking: builds and starts the Camel context, HTTP server included
        base = "http://127.0.0.1:" + port;
        assertThat(send(get("/.well-known/oauth-authorization-server")).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stopGateway() {
        if (main != null) {
            main.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"claude", "claude-hosted", "mcp-remote", "inspector"})
    void realClientBodiesAreRegistered(String client) throws Exception {
        String body = Map.of("claude", CLAUDE, "claude-hosted", CLAUDE_HOSTED, "mcp-remote", MCP_REMOTE,
                "inspector", INSPECTOR).get(client);
        JsonNode sent = Json.parseUntrusted(body);

        HttpResponse<String> response = send(post("/register", "application/json", body));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode doc = Json.parseUntrusted(response.body());
        String clientId = doc.get("client_id").asText();
        assertThat(clientId).startsWith("mcp_");
        assertThat(doc.get("registration_client_uri").asText()).isEqualTo(issuer() + "/register/" + clientId);
        assertThat(doc.get("client_id_issued_at").isIntegralNumber()).isTrue();
        for (String field : List.of("redirect_uris", "grant_types", "response_types", "token_endpoint_auth_method",
                "client_name")) {
            assertThat(doc.get(field)).as(field).isEqualTo(sent.get(field));
        }
        if (sent.get("token_endpoint_auth_method").asText().equals("none")) {
            assertThat(doc.has("client_secret")).isFalse();
        } else {
            assertThat(doc.get("client_secret").asText()).hasSize(43);
            long lifetimeEnd = java.time.Instant.now().plus(java.time.Duration.ofDays(90)).getEpochSecond();
            assertThat(doc.get("client_secret_expires_at").asLong()).as("expires with the idle client (90 d default)")
                    .isBetween(lifetimeEnd - 60, lifetimeEnd + 1);
        }
        if (client.equals("claude")) {
            assertThat(doc.has("scope")).as("unsupported scope claudeai is dropped").isFalse();
        } else if (sent.has("scope")) {
            assertThat(doc.get("scope")).isEqualTo(sent.get("scope"));
        }
        if (sent.has("client_uri")) {
            assertThat(doc.get("client_uri")).isEqualTo(sent.get("client_uri"));
        }
    }

    @Test
    void repeatedPublicRegistrationReturnsTheSameClient() throws Exception {
        String body = MCP_REMOTE.replace("0.15.1", "0.15.1-repeat");
        JsonNode first = Json.parseUntrusted(send(post("/register", "application/json", body)).body());
        HttpResponse<String> again = send(post("/register", "application/json", body));

        assertThat(again.statusCode()).isEqualTo(201);
        JsonNode second = Json.parseUntrusted(again.body());
        assertThat(second.get("client_id")).isEqualTo(first.get("client_id"));
        assertThat(first.has("registration_access_token")).isTrue();
        assertThat(second.has("registration_access_token")).isFalse();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "text/plain                        | {\"redirect_uris\":[\"https://a.example/cb\"]} | invalid_client_metadata",
            "application/x-www-form-urlencoded | redirect_uris=https://a.example/cb             | invalid_client_metadata",
            "application/json                  | {\"redirect_uris\":[                          | invalid_client_metadata",
            "application/json                  | not json                                       | invalid_client_metadata",
            "application/json                  | [{\"redirect_uris\":[\"https://a.example/cb\"]}] | invalid_client_metadata",
            "application/json                  | {\"client_name\":\"x\"}                        | invalid_client_metadata",
            "application/json                  | {\"redirect_uris\":[\"http://evil.com/cb\"]}  | invalid_redirect_uri",
            "application/json                  | {\"redirect_uris\":[\"http://localhost.evil.com/cb\"]} | invalid_redirect_uri",
            "application/json; charset=utf-8   | {\"redirect_uris\":[\"javascript:alert(1)\"]} | invalid_redirect_uri",
    })
    void badRegistrationsGet400(String contentType, String body, String error) throws Exception {
        HttpResponse<String> response = send(post("/register", contentType, body));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode doc = Json.parseUntrusted(response.body());
        assertThat(doc.get("error").asText()).isEqualTo(error);
        assertThat(doc.get("error_description").asText()).isNotBlank();
    }

    @Test
    void missingContentTypeAndEmptyBodyGet400AndAnOversizedBody413() throws Exception {
        HttpResponse<String> noType = send(HttpRequest.newBuilder(URI.create(base + "/register"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"https://a.example/cb\"]}")).build());
        HttpResponse<String> empty = send(post("/register", "application/json", ""));
        String huge = "{\"redirect_uris\":[\"https://a.example/cb\"],\"client_name\":\"" + "x".repeat(70_000) + "\"}";
        String tooBig = rawExchange("POST /register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + huge.length() + "\r\nConnection: close\r\n\r\n", huge);

        for (HttpResponse<String> response : List.of(noType, empty)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Json.parseUntrusted(response.body()).get("error").asText()).isEqualTo("invalid_client_metadata");
        }
        // Over the endpoint's 64 KiB: refused on its Content-Length, before the body is read.
        // (A raw socket: the answer comes before the body is sent, and the JDK client can stall writing a body nobody reads.)
        assertThat(tooBig).startsWith("HTTP/1.1 413");
        JsonNode tooBigBody = Json.parseUntrusted(tooBig.substring(tooBig.indexOf("\r\n\r\n") + 4));
        assertThat(tooBigBody.get("error").asText()).isEqualTo("invalid_request");
        assertThat(tooBigBody.get("error_description").asText()).contains("65536 bytes");
    }

    @Test
    void managementFollowsRfc7592WithThe401And403And404Split() throws Exception {
        JsonNode created = Json.parseUntrusted(send(post("/register", "application/json", INSPECTOR.replace(
                "MCP Inspector", "Inspector managed"))).body());
        String id = created.get("client_id").asText();
        String token = created.get("registration_access_token").asText();
        String path = "/register/" + id;

        HttpResponse<String> read = send(get(path).header("Authorization", "Bearer " + token).build());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode doc = Json.parseUntrusted(read.body());
        assertThat(doc.get("client_id").asText()).isEqualTo(id);
        assertThat(doc.get("client_name").asText()).isEqualTo("Inspector managed");
        assertThat(doc.has("registration_access_token")).isFalse();
        assertThat(doc.has("client_secret")).isFalse();

        for (String authorization : new String[] {null, "Basic dXNlcjpwdw==", "Bearer", "Bearer   ", token}) {
            HttpRequest.Builder request = get(path);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = send(request.build());
            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(Json.parseUntrusted(response.body()).get("error").asText()).isEqualTo("invalid_token");
        }
        HttpResponse<String> wrong = send(get(path).header("Authorization", "Bearer not-the-token").build());
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = send(get("/register/mcp_nobody").header("Authorization", "Bearer " + token).build());
        assertThat(unknown.statusCode()).isEqualTo(404);

        HttpResponse<String> spoofed = send(HttpRequest.newBuilder(URI.create(base + "/register/mcp_nobody?client_id=" + id))
                .header("client_id", id).header("Authorization", "Bearer " + token).GET().build());
        assertThat(spoofed.statusCode()).as("the path decides the client, not a parameter").isEqualTo(404);

        HttpResponse<String> updated = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"" + id + "\",\"redirect_uris\":"
                        + "[\"http://localhost:6276/oauth/callback\"],\"client_name\":\"Renamed\"}")).build());
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode afterPut = Json.parseUntrusted(updated.body());
        assertThat(afterPut.get("client_name").asText()).isEqualTo("Renamed");
        assertThat(afterPut.get("token_endpoint_auth_method").asText()).isEqualTo("none");
        assertThat(afterPut.has("scope")).isFalse();

        HttpResponse<String> badPut = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(badPut.statusCode()).isEqualTo(400);
        HttpResponse<String> unauthenticatedPut = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(unauthenticatedPut.statusCode()).isEqualTo(401);

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(deleted.headers().firstValue("Content-Type")).isEmpty();
        assertThat(send(get(path).header("Authorization", "Bearer " + token).build()).statusCode()).isEqualTo(404);
    }

    @Test
    void requestHeadersAndFieldsAreNeverReflected() throws Exception {
        HttpRequest registerRequest = HttpRequest.newBuilder(URI.create(base + "/register?X-Query-Echo=1"))
                .header("Content-Type", "application/json").header("X-Echo-Test", "1")
                .header("Location", "https://evil.example/").header("Retry-After", "999")
                .POST(HttpRequest.BodyPublishers.ofString(INSPECTOR.replace("MCP Inspector", "Reflect"))).build();
        HttpResponse<String> created = send(registerRequest);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode doc = Json.parseUntrusted(created.body());

        HttpResponse<String> read = send(get("/register/" + doc.get("client_id").asText())
                .header("Authorization", "Bearer " + doc.get("registration_access_token").asText())
                .header("X-Echo-Test", "1").header("Location", "https://evil.example/").build());
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(base + "/register"))
                .header("Content-Type", "text/plain").header("X-Echo-Test", "1")
                .header("Location", "https://evil.example/").POST(HttpRequest.BodyPublishers.ofString("x")).build());

        for (HttpResponse<String> response : List.of(created, read, refused)) {
            Map<String, List<String>> headers = response.headers().map();
            assertThat(headers.keySet()).map(String::toLowerCase)
                    .doesNotContain("x-echo-test", "location", "x-query-echo", "retry-after", "client_id",
                            "authorization", "redirect_uris");
            assertThat(headers.toString()).doesNotContain("evil.example");
        }
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    void otherMethodsAreNotRouted() throws Exception {
        assertThat(send(get("/register").build()).statusCode()).isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/register/mcp_x"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(405);
    }

    private static String issuer() {
        return "http://localhost:" + URI.create(base).getPort();
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    /** Sends {@code head}, then as much of {@code body} as the server takes, and returns everything it answered. */
    private static String rawExchange(String head, String body) throws IOException {
        URI uri = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            try {
                socket.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the server answered and closed before reading the body: what a limit should do
            }
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static HttpRequest post(String path, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
