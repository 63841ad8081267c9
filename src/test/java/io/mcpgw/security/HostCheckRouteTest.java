package io.mcpgw.security;

import static io.mcpgw.security.OAuthDriver.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DNS rebinding over real HTTP: a page on {@code rebind.attacker.example} resolved to the gateway's address sends its
 * own name as {@code Host} (and its origin as {@code Origin}); every endpoint refuses it with 421 before any route
 * runs, while loopback aliases, the issuer host and, from a trusted proxy, forwarded service hosts still work.
 */
class HostCheckRouteTest {
    static final String REBIND = "rebind.attacker.example";
    static InProcessGateway embedded;
    static InProcessGateway deployed;

    @BeforeAll
    static void start() {
        embedded = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0"));
        deployed = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0", "BASE_DOMAIN", "example.test"));
    }

    @AfterAll
    static void stop() {
        embedded.close();
        deployed.close();
    }

    static HttpRequest.Builder request(InProcessGateway gw, String method, String path, String host) {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).header("Host", host);
        if (method.equals("POST")) {
            return b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"],\"token_endpoint_auth_method\":\"none\"}"));
        }
        return b.method(method, HttpRequest.BodyPublishers.noBody());
    }

    @ParameterizedTest(name = "{0} {1} with a rebinding Host -> 421")
    @CsvSource({
            "POST, /register", "GET, /authorize?response_type=code&client_id=x", "POST, /consent", "GET, /login",
            "POST, /token", "POST, /revoke", "POST, /introspect", "GET, /jwks", "GET, /health",
            "GET, /.well-known/oauth-authorization-server", "GET, /.well-known/oauth-protected-resource/fetchs/mcp",
            "POST, /fetchs/mcp", "GET, /fetchs/mcp", "DELETE, /fetchs/mcp", "OPTIONS, /fetchs/mcp", "GET, /verify",
            "GET, /no-such-path",
    })
    void theRebindingRequestsOfTheReviewAreRefused(String method, String path) throws Exception {
        HttpResponse<String> r = send(request(embedded, method, path, REBIND + ":" + embedded.port())
                .header("Origin", "http://" + REBIND + ":" + embedded.port())
                .header("X-Forwarded-Host", "localhost:" + embedded.port()));

        assertThat(r.statusCode()).isEqualTo(421);
        assertThat(OAuthDriver.json(r).get("error").asText()).isEqualTo("invalid_request");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.body()).doesNotContain(REBIND);
        assertThat(r.headers().map().toString()).doesNotContain(REBIND);
    }

    @ParameterizedTest(name = "Host {0} is a loopback alias of the embedded issuer")
    @CsvSource({"localhost", "127.0.0.1", "[::1]", "LOCALHOST"})
    void loopbackAliasesWork(String name) throws Exception {
        HttpResponse<String> r = send(request(embedded, "POST", "/register", name + ":" + embedded.port()));
        assertThat(r.statusCode()).isEqualTo(201);
    }

    @Test
    void theMcpRouteStillRefusesAForeignOriginAndAcceptsItsOwn() throws Exception {
        String token = new DevLoginClient("http://127.0.0.1:" + embedded.port())
                .login("alice", embedded.issuer() + "/fetchs/mcp", null).accessToken();
        HttpResponse<String> foreign = send(request(embedded, "GET", "/fetchs/mcp", "localhost:" + embedded.port())
                .header("Origin", "http://" + REBIND + ":" + embedded.port()).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream"));
        HttpResponse<String> own = send(request(embedded, "GET", "/fetchs/mcp", "localhost:" + embedded.port())
                .header("Origin", "http://127.0.0.1:" + embedded.port()).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream"));

        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(own.statusCode()).as("past the origin and access checks").isNotIn(401, 403, 421);
    }

    @Test
    void behindATrustedProxyTheForwardedHostDecidesAndVerifyKeepsWorkingWithTheInternalHost() throws Exception {
        String token = new DevLoginClient("http://127.0.0.1:" + deployed.port())
                .login("bob", "https://mcp-fetchs.example.test/mcp", null).accessToken();
        HttpRequest.Builder verify = request(deployed, "GET", "/verify", "auth:8080")
                .header("Authorization", "Bearer " + token).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "mcp-fetchs.example.test").header("X-Forwarded-Uri", "/mcp")
                .header("X-Forwarded-Method", "POST");
        assertThat(send(verify).statusCode()).isEqualTo(200);

        HttpResponse<String> foreignForwarded = send(request(deployed, "GET", "/verify", "auth:8080")
                .header("Authorization", "Bearer " + token).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", REBIND).header("X-Forwarded-Uri", "/mcp"));
        assertThat(foreignForwarded.statusCode()).isEqualTo(421);

        HttpResponse<String> publicHost = send(request(deployed, "GET", "/.well-known/oauth-authorization-server",
                "auth.example.test").header("X-Forwarded-Host", "auth.example.test").header("X-Forwarded-Proto", "https"));
        assertThat(publicHost.statusCode()).isEqualTo(200);

        HttpResponse<String> unknownService = send(request(deployed, "GET", "/.well-known/oauth-authorization-server",
                "mcp-" + "anything.example.test"));
        assertThat(unknownService.statusCode()).as("service hosts are a pattern, not a list").isEqualTo(200);
    }

    @Test
    void anUntrustedPeerCannotForwardItsWayIn() throws Exception {
        try (InProcessGateway gw = InProcessGateway.start(Map.of("GATEWAY_TRUSTED_PROXIES", "10.9.9.9",
                "BASE_DOMAIN", "example.test"))) {
            HttpResponse<String> r = send(request(gw, "GET", "/.well-known/oauth-authorization-server", REBIND)
                    .header("X-Forwarded-Host", "auth.example.test"));
            assertThat(r.statusCode()).isEqualTo(421);
            assertThat(send(request(gw, "GET", "/.well-known/oauth-authorization-server", "auth.example.test"))
                    .statusCode()).isEqualTo(200);
        }
    }
}
