package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.CaddyProxy;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.HeaderEchoServer;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;

/**
 * The ForwardAuth path end to end through a real reverse proxy (Caddy {@code forward_auth}, configured with the same
 * routing as {@code traefik/}: discovery and OAuth endpoints unauthenticated, {@code /verify} not public, everything
 * else authenticated and sent to the MCP service), in both URL forms. The "MCP service" is an upstream that records
 * the headers it receives.
 */
@RequiresProgram(OptionalProgram.CADDY)
class ForwardAuthCaddyIT {
    static HeaderEchoServer upstream;
    static InProcessGateway pathGateway;
    static InProcessGateway hostGateway;
    static CaddyProxy pathProxy;
    static CaddyProxy hostProxy;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static String caddyfile(int gatewayPort, int upstreamPort) {
        String gw = "127.0.0.1:" + gatewayPort;
        return ":{PORT} {\n"
                + "\t@discovery path /.well-known/*\n"
                + "\thandle @discovery {\n\t\treverse_proxy " + gw + "\n\t}\n"
                + "\t@oauth path /register /register/* /authorize /consent /login /callback /token /revoke /introspect /jwks\n"
                + "\thandle @oauth {\n\t\treverse_proxy " + gw + "\n\t}\n"
                + "\thandle /verify {\n\t\trespond \"not found\" 404\n\t}\n"
                + "\thandle {\n"
                + "\t\tforward_auth " + gw + " {\n\t\t\turi /verify\n"
                + "\t\t\tcopy_headers X-User-Id X-User-Name X-User-Email X-Client-Id\n\t\t}\n"
                + "\t\treverse_proxy 127.0.0.1:" + upstreamPort + "\n"
                + "\t}\n}\n";
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = new HeaderEchoServer();
        int pathPort = InProcessGateway.freePort();
        pathGateway = InProcessGateway.start(Map.of("GATEWAY_ISSUER", "http://127.0.0.1:" + pathPort,
                "REGISTER_RATE_LIMIT", "0"));
        pathGateway.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        pathProxy = CaddyProxy.start(pathPort, caddyfile(pathGateway.port(), upstream.port()));

        hostGateway = InProcessGateway.start(Map.of("BASE_DOMAIN", "example.test", "REGISTER_RATE_LIMIT", "0"));
        hostGateway.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        hostProxy = CaddyProxy.start(caddyfile(hostGateway.port(), upstream.port()));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {pathProxy, hostProxy, pathGateway, hostGateway, upstream}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    String pathBase() {
        return "http://127.0.0.1:" + pathProxy.port();
    }

    HttpResponse<String> send(String url, String host, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (host != null) {
            b.header("Host", host);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGoodTokenReachesTheServiceWithTheIdentityHeadersAndForgedOnesNeverDo() throws Exception {
        DevLoginClient client = new DevLoginClient(pathBase());
        String token = client.login("alice", pathBase() + "/everything/mcp", null).accessToken();
        int before = upstream.received.size();
        HttpResponse<String> r = send(pathBase() + "/everything/mcp", null, "Authorization", "Bearer " + token,
                "X-User-Id", "0", "X-User-Name", "root", "X-Client-Id", "forged");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(upstream.received.size()).isEqualTo(before + 1);
        Map<String, List<String>> seen = upstream.last();
        assertThat(seen.get("X-User-Id")).containsExactly("local-alice");
        assertThat(seen.get("X-User-Name")).containsExactly("alice");
        assertThat(seen.get("X-Client-Id")).containsExactly(client.clientId());
        assertThat(seen.toString()).doesNotContain("root").doesNotContain("forged");
    }

    @Test
    void aBadTokenNeverReachesTheServiceAndTheClientGetsThe401AndItsChallenge() throws Exception {
        int before = upstream.received.size();
        HttpResponse<String> r = send(pathBase() + "/everything/mcp", null, "Authorization", "Bearer garbage",
                "X-User-Id", "0");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
                .contains("resource_metadata=\"" + pathBase() + "/.well-known/oauth-protected-resource/everything/mcp\"");
        HttpResponse<String> none = send(pathBase() + "/everything/mcp", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(upstream.received.size()).isEqualTo(before);
    }

    @Test
    void verifyIsNotPubliclyRoutedAndDiscoveryAnswersForTheProxiedOrigin() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(pathBase() + "/verify")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        HttpResponse<String> prm = http.send(HttpRequest.newBuilder(URI.create(pathBase()
                + "/.well-known/oauth-protected-resource/everything/mcp")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(prm.statusCode()).isEqualTo(200);
        assertThat(prm.body()).contains("\"resource\":\"" + pathBase() + "/everything/mcp\"")
                .contains("\"authorization_servers\":[\"" + pathBase() + "\"]");
        HttpResponse<String> as = http.send(HttpRequest.newBuilder(URI.create(pathBase()
                + "/.well-known/oauth-authorization-server")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(as.body()).contains("\"issuer\":\"" + pathBase() + "\"");
    }

    @Test
    void hostFormServiceHostsAuthenticateAgainstTheirOwnResource() throws Exception {
        String host = "mcp-everything.example.test";
        String hostBase = "http://127.0.0.1:" + hostProxy.port();
        HttpResponse<String> prm = send(hostBase + "/.well-known/oauth-protected-resource/mcp", host);
        // GET is what clients use; POST above is only for the MCP endpoint, so ask again with GET.
        prm = http.send(HttpRequest.newBuilder(URI.create(hostBase + "/.well-known/oauth-protected-resource/mcp"))
                .header("Host", host).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(prm.statusCode()).isEqualTo(200);
        assertThat(prm.body()).contains("\"resource\":\"https://mcp-everything.example.test/mcp\"")
                .contains("\"authorization_servers\":[\"https://auth.example.test\"]");
        HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create(hostBase
                + "/.well-known/oauth-protected-resource")).header("Host", host).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(root.body()).contains("\"resource\":\"https://mcp-everything.example.test/mcp\"");

        HttpResponse<String> anonymous = send(hostBase + "/mcp", host);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).contains(
                "resource_metadata=\"https://mcp-everything.example.test/.well-known/oauth-protected-resource/mcp\"");

        DevLoginClient client = new DevLoginClient("http://127.0.0.1:" + hostGateway.port());
        String hostToken = client.login("bob", "https://mcp-everything.example.test/mcp", null).accessToken();
        HttpResponse<String> ok = send(hostBase + "/mcp", host, "Authorization", "Bearer " + hostToken);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(upstream.last().get("X-User-Name")).containsExactly("bob");

        String pathToken = new DevLoginClient("http://127.0.0.1:" + hostGateway.port())
                .login("bob", "https://mcp-everything.example.test/mcp", null).accessToken();
        HttpResponse<String> otherService = send(hostBase + "/mcp", "mcp-memory.example.test", "Authorization",
                "Bearer " + pathToken);
        assertThat(otherService.statusCode()).as("a token for everything is not valid for memory").isEqualTo(401);
        assertThat(otherService.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
                .contains("https://mcp-memory.example.test/.well-known/oauth-protected-resource/mcp");
        HttpResponse<String> unknown = send(hostBase + "/mcp", "mcp-nope.example.test", "Authorization",
                "Bearer " + pathToken);
        assertThat(unknown.statusCode()).as("no such service").isEqualTo(404);
    }
}
