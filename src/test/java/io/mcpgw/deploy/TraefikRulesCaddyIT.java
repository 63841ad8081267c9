package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.CaddyProxy;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.HeaderEchoServer;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployment end to end through a real reverse proxy routed by the committed Traefik labels
 * ({@link TraefikCaddyfile} turns them into a Caddyfile): an {@code auth} gateway and a {@code services} gateway
 * sharing one Redis, in host form. A routing mistake in the labels — a wrong priority, a missing {@code mcp-auth}, a
 * public {@code /verify}, discovery that needs a token — fails here.
 *
 * <p>Behind every {@code mcp-<service>} Traefik service stands a stand-in container: {@code /.well-known/*} and
 * {@code /mcp} go to the services-role gateway (its real MCP bridge), every other path to a header echo server, so the
 * test shows which requests reach the container and with which identity headers.
 */
@RequiresProgram(OptionalProgram.CADDY)
class TraefikRulesCaddyIT {
    static final String DOMAIN = "example.test";
    static final String AUTH = "auth." + DOMAIN;
    static final String EVERYTHING = "mcp-everything." + DOMAIN;
    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"TraefikRulesCaddyIT\",\"version\":\"1\"}}}";

    @RegisterExtension
    static final RedisServerProcess REDIS = RedisServerProcess.withPassword("caddy-it-secret");
    static InProcessGateway auth;
    static InProcessGateway services;
    static HeaderEchoServer mcpEndpoint;
    static CaddyProxy container;
    static CaddyProxy edge;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> shared = Map.of("REDIS_URL", REDIS.urlWithPassword(), "BASE_DOMAIN", DOMAIN);
        Map<String, String> authEnv = new HashMap<>(shared);
        authEnv.putAll(Map.of("GATEWAY_ROLE", "auth", "REGISTER_RATE_LIMIT", "0"));
        auth = InProcessGateway.start(authEnv);
        Map<String, String> servicesEnv = new HashMap<>(shared);
        servicesEnv.putAll(Map.of("GATEWAY_ROLE", "services", "GATEWAY_SERVICES", "everything,memory"));
        services = InProcessGateway.start(servicesEnv);
        for (InProcessGateway gw : List.of(auth, services)) {
            gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
            gw.bean("resourceCatalog", ResourceCatalog.class).register("memory");
        }
        mcpEndpoint = new HeaderEchoServer();
        container = CaddyProxy.start(":{PORT} {\n\t@gateway path /.well-known/* /mcp /mcp/*\n\thandle @gateway {\n\t\treverse_proxy 127.0.0.1:"
                + services.port() + "\n\t}\n\thandle {\n\t\treverse_proxy 127.0.0.1:" + mcpEndpoint.port() + "\n\t}\n}\n");

        Map<String, String> backends = new HashMap<>();
        backends.put("auth", "127.0.0.1:" + auth.port());
        TraefikRoutingTest.mcpServices().forEach(s -> backends.put("mcp-" + s, "127.0.0.1:" + container.port()));
        edge = CaddyProxy.start(TraefikCaddyfile.render(DeploymentFiles.routers(), DeploymentFiles.middlewares(""), DOMAIN, backends));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {edge, container, mcpEndpoint, services, auth}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    HttpResponse<String> send(String method, String host, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + path)).header("Host", host);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        String body = path.equals("/mcp") ? INITIALIZE : "{}";
        b.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String token(String user, String service) {
        return new DevLoginClient("http://127.0.0.1:" + auth.port())
                .login(user, "https://mcp-" + service + "." + DOMAIN + "/mcp", null).accessToken();
    }

    @Test
    void theAuthHostAnswersDiscoveryAndOAuthButHasNoVerify() throws Exception {
        HttpResponse<String> as = send("GET", AUTH, "/.well-known/oauth-authorization-server");
        assertThat(as.statusCode()).isEqualTo(200);
        assertThat(as.body()).contains("\"issuer\":\"https://auth.example.test\"");
        assertThat(send("POST", AUTH, "/register", "Content-Type", "application/json").statusCode())
                .as("registration is routed (and refuses an empty body)").isEqualTo(400);
        assertThat(send("GET", AUTH, "/jwks").statusCode()).isEqualTo(200);
        for (String method : List.of("GET", "POST")) {
            HttpResponse<String> verify = send(method, AUTH, "/verify", "X-Forwarded-Host", EVERYTHING);
            assertThat(verify.statusCode()).isEqualTo(404);
            assertThat(verify.body()).isEqualTo("no router");
        }
        assertThat(send("GET", AUTH, "/health").body()).isEqualTo("no router");
    }

    @Test
    void aServiceHostAnswersItsProtectedResourceMetadataWithoutAToken() throws Exception {
        int before = mcpEndpoint.received.size();
        HttpResponse<String> prm = send("GET", EVERYTHING, "/.well-known/oauth-protected-resource/mcp");
        assertThat(prm.statusCode()).isEqualTo(200);
        assertThat(prm.body()).contains("\"resource\":\"https://mcp-everything.example.test/mcp\"")
                .contains("\"authorization_servers\":[\"https://auth.example.test\"]");
        assertThat(send("GET", EVERYTHING, "/.well-known/oauth-authorization-server").body())
                .contains("\"issuer\":\"https://auth.example.test\"");
        assertThat(mcpEndpoint.received.size()).isEqualTo(before);
    }

    @Test
    void withoutATokenTheMcpEndpointAndEveryOtherPathAreRefusedWithTheChallenge() throws Exception {
        int before = mcpEndpoint.received.size();
        for (String path : List.of("/mcp", "/", "/verify", "/anything")) {
            HttpResponse<String> r = send("POST", EVERYTHING, path, "X-User-Id", "0");
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains(
                    "resource_metadata=\"https://mcp-everything.example.test/.well-known/oauth-protected-resource/mcp\"");
        }
        assertThat(mcpEndpoint.received.size()).isEqualTo(before);
    }

    @Test
    void aTokenFromTheAuthContainerOpensAnMcpSessionInTheServiceContainer() throws Exception {
        String token = token("carol", "everything");
        HttpResponse<String> init = send("POST", EVERYTHING, "/mcp", "Authorization", "Bearer " + token,
                "Content-Type", "application/json", "Accept", "application/json, text/event-stream");
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        assertThat(init.headers().firstValue("Mcp-Session-Id")).isPresent();
        assertThat(init.body()).contains("\"protocolVersion\"");
    }

    @Test
    void onTheCatchAllATokenLetsTheRequestThroughWithTheIdentityOnly() throws Exception {
        String token = token("alice", "everything");
        HttpResponse<String> r = send("POST", EVERYTHING, "/other", "Authorization", "Bearer " + token,
                "X-User-Id", "0", "X-User-Name", "root", "Content-Type", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(mcpEndpoint.paths).last().isEqualTo("/other");
        Map<String, List<String>> seen = mcpEndpoint.last();
        assertThat(seen.get("X-User-Name")).containsExactly("alice");
        assertThat(seen.get("X-User-Id")).containsExactly("local-alice");
        assertThat(seen.toString()).doesNotContain("root");

        HttpResponse<String> verifyPath = send("GET", EVERYTHING, "/verify", "Authorization", "Bearer " + token);
        assertThat(verifyPath.statusCode()).isEqualTo(200);
        assertThat(mcpEndpoint.paths).as("/verify on a service host is the service container's path, not auth's").last()
                .isEqualTo("/verify");
    }

    @Test
    void aTokenForAnotherServiceOrAnUnknownHostGetsNowhere() throws Exception {
        int before = mcpEndpoint.received.size();
        HttpResponse<String> r = send("POST", EVERYTHING, "/mcp", "Authorization", "Bearer " + token("bob", "memory"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertThat(send("POST", "mcp-nothing." + DOMAIN, "/mcp").body()).isEqualTo("no router");
        assertThat(mcpEndpoint.received.size()).isEqualTo(before);
    }
}
