package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * CORS (per {@code MCP_CORS_ORIGINS}) on every endpoint a browser-based MCP client calls during OAuth and MCP:
 * discovery, protected resource metadata, {@code /register}, {@code /token}, {@code /revoke} and the MCP route, each
 * with its preflight. Bad inputs: an origin not in the list (never echoed, no allowances), a token request with an
 * unknown grant type and a revocation without a client (the error replies still carry CORS, so the browser client
 * can read the error), a preflight from an allowed origin on a path the browser does not call ({@code /introspect}).
 */
class BrowserClientCorsTest {
    static final String ALLOWED = "https://app.example.com";
    static final String OTHER = "https://evil.example.com";
    static InProcessGateway gw;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        gw = InProcessGateway.start(Map.of("MCP_CORS_ORIGINS", ALLOWED, "REGISTER_RATE_LIMIT", "0"));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration",
            "/.well-known/oauth-protected-resource/everything/mcp", "/register", "/token", "/revoke", "/everything/mcp"})
    void everyBrowserEndpointAnswersThePreflightOfAnAllowedOriginOnly(String path) throws Exception {
        HttpResponse<String> ok = send(HttpRequest.newBuilder(gw.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED).header("Access-Control-Request-Method", path.startsWith("/.well-known") ? "GET" : "POST")
                .header("Access-Control-Request-Headers", "content-type, authorization"));
        assertThat(ok.statusCode()).as(path).isIn(200, 204);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).as(path).contains(ALLOWED);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Methods").orElse("")).as(path)
                .contains(path.startsWith("/.well-known") ? "GET" : "POST");
        assertThat(ok.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()).as(path)
                .contains("content-type").contains("authorization");

        HttpResponse<String> other = send(HttpRequest.newBuilder(gw.uri(path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", OTHER).header("Access-Control-Request-Method", "POST"));
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
        assertThat(other.headers().firstValue("Access-Control-Allow-Methods")).as(path).isEmpty();
    }

    @Test
    void theOAuthCallsOfABrowserClientCarryCorsOnSuccessAndOnError() throws Exception {
        HttpResponse<String> metadata = send(HttpRequest.newBuilder(gw.uri("/.well-known/oauth-authorization-server")).header("Origin", ALLOWED));
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertCors(metadata);

        HttpResponse<String> registered = send(HttpRequest.newBuilder(gw.uri("/register")).header("Origin", ALLOWED)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"redirect_uris\":[\"https://app.example.com/cb\"],\"token_endpoint_auth_method\":\"none\"}")));
        assertThat(registered.statusCode()).isEqualTo(201);
        assertCors(registered);
        String clientId = io.mcpgw.json.Json.parseUntrusted(registered.body()).get("client_id").asText();

        HttpResponse<String> badGrant = send(HttpRequest.newBuilder(gw.uri("/token")).header("Origin", ALLOWED)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=a&password=b&client_id=" + clientId)));
        assertThat(badGrant.statusCode()).isEqualTo(400);
        assertThat(badGrant.body()).contains("unsupported_grant_type");
        assertCors(badGrant);

        HttpResponse<String> revoke = send(HttpRequest.newBuilder(gw.uri("/revoke")).header("Origin", ALLOWED)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=nothing")));
        assertThat(revoke.statusCode()).isIn(200, 400, 401);
        assertCors(revoke);

        HttpResponse<String> mcp = send(HttpRequest.newBuilder(gw.uri("/everything/mcp")).header("Origin", ALLOWED)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")));
        assertThat(mcp.statusCode()).isEqualTo(401);
        assertCors(mcp);
        assertThat(mcp.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("WWW-Authenticate");

        HttpResponse<String> fromOther = send(HttpRequest.newBuilder(gw.uri("/token")).header("Origin", OTHER)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password")));
        assertThat(fromOther.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aPathBrowsersDoNotCallGetsNoPreflight() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(gw.uri("/introspect")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ALLOWED).header("Access-Control-Request-Method", "POST"));
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    static void assertCors(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(r.uri().getPath()).contains(ALLOWED);
        assertThat(r.headers().allValues("Vary").stream().flatMap(v -> List.of(v.split(",\\s*")).stream()))
                .as(r.uri().getPath()).contains("Origin");
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
