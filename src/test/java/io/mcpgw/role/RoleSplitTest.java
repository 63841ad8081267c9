package io.mcpgw.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.access.AccessDecision;
import io.mcpgw.access.AccessGuard;
import io.mcpgw.access.AccessRequest;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.RedisServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The split deployment: an {@code auth} instance and a {@code services} instance sharing one real Redis. A token
 * minted by the first is accepted by the access guard of the second (keys and revocations travel through Redis), and
 * each instance serves only its side.
 */
class RoleSplitTest {
    static final String RESOURCE = "https://mcp-everything.example.test/mcp";

    @RegisterExtension
    static final RedisServerProcess REDIS = RedisServerProcess.withPassword("role-split-secret");

    @TempDir
    static Path dropIns;
    static InProcessGateway auth;
    static InProcessGateway services;
    static java.util.Set<String> authServicesAtStart;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        // the auth role learns the services from the service files' names (here a drop-in folder) without running them
        Files.writeString(dropIns.resolve("everything.camel.yaml"), "# only the name matters to the auth role\n");
        auth = InProcessGateway.start(Map.of("GATEWAY_ROLE", "auth", "REDIS_URL", REDIS.urlWithPassword(),
                "BASE_DOMAIN", "example.test", "REGISTER_RATE_LIMIT", "0", "GATEWAY_SERVICES_DIR", dropIns.toString()));
        services = InProcessGateway.start(Map.of("GATEWAY_ROLE", "services", "REDIS_URL", REDIS.url(),
                "REDIS_PASSWORD", "role-split-secret", "BASE_DOMAIN", "example.test", "GATEWAY_SERVICES", "everything"));
        authServicesAtStart = auth.bean("resourceCatalog", ResourceCatalog.class).services();
        auth.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        services.bean("resourceCatalog", ResourceCatalog.class).register("everything");
    }

    @AfterAll
    static void stop() {
        for (InProcessGateway gw : new InProcessGateway[] {services, auth}) {
            if (gw != null) {
                gw.close();
            }
        }
    }

    AccessDecision checkOnServices(String token) {
        return services.bean("accessGuard", AccessGuard.class)
                .check(new AccessRequest("everything", RESOURCE, "Bearer " + token, "application/json"));
    }

    int status(InProcessGateway gw, String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(10));
        b = method.equals("POST") ? b.POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token"))
                .header("Content-Type", "application/x-www-form-urlencoded") : b.GET();
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aTokenMintedByTheAuthInstanceIsAcceptedByTheServicesInstanceUntilRevoked() {
        DevLoginClient client = new DevLoginClient("http://127.0.0.1:" + auth.port());
        DevLoginClient.Tokens tokens = client.login("alice", RESOURCE, null);

        AccessDecision decision = checkOnServices(tokens.accessToken());
        assertThat(decision).isInstanceOfSatisfying(AccessDecision.Allowed.class, allowed -> {
            assertThat(allowed.username()).isEqualTo("alice");
            assertThat(allowed.clientId()).isEqualTo(client.clientId());
        });
        assertThat(checkOnServices(tokens.accessToken() + "x")).isInstanceOf(AccessDecision.Denied.class);

        assertThat(client.revoke(tokens.refreshToken())).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(checkOnServices(tokens.accessToken())).as("revocation seen through Redis")
                        .isInstanceOf(AccessDecision.Denied.class));
    }

    @Test
    void theAuthInstanceServesTheAuthorizationServerAndNoMcpRoutes() throws Exception {
        assertThat(auth.context().getRoutes()).extracting(Route::getRouteId)
                .contains("oauth-token", "oauth-authorize", "oauth-register", "oauth-verify", "admin-health")
                .noneMatch(id -> id.startsWith("mcp-"));
        assertThat(status(auth, "POST", "/everything/mcp")).isEqualTo(404);
        assertThat(status(auth, "POST", "/mcp")).isEqualTo(404);
        assertThat(authServicesAtStart).as("published from the service files' names").contains("everything");
    }

    @Test
    void theServicesInstanceHasNoOAuthEndpoints() throws Exception {
        assertThat(services.context().getRoutes()).extracting(Route::getRouteId)
                .contains("admin-health", "wellknown-as-metadata", "wellknown-protected-resource")
                .noneMatch(id -> id.startsWith("oauth-"));
        assertThat(services.context().getRoutes()).extracting(Route::getRouteId).as("GATEWAY_SERVICES=everything")
                .filteredOn(id -> id.startsWith("mcp-")).containsExactly("mcp-everything");
        for (String path : new String[] {"/token", "/register", "/revoke", "/introspect", "/verify"}) {
            assertThat(status(services, "POST", path)).as("POST " + path).isIn(404, 405);
        }
        assertThat(status(services, "GET", "/authorize")).isIn(404, 405);
        assertThat(status(services, "GET", "/health")).isEqualTo(200);
        assertThat(status(auth, "POST", "/token")).as("the same request reaches the token endpoint on auth (no client)")
                .isEqualTo(401);
    }

    @Test
    void theServicesInstanceAnswersItsHostsDiscoveryWithTheSharedIssuer() throws Exception {
        HttpResponse<String> prm = http.send(HttpRequest.newBuilder(services.uri("/.well-known/oauth-protected-resource/mcp"))
                .header("X-Forwarded-Host", "mcp-everything.example.test").header("X-Forwarded-Proto", "https").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(prm.statusCode()).isEqualTo(200);
        assertThat(prm.body()).contains("\"resource\":\"" + RESOURCE + "\"")
                .contains("\"authorization_servers\":[\"https://auth.example.test\"]");
        HttpResponse<String> as = http.send(HttpRequest.newBuilder(services.uri("/.well-known/oauth-authorization-server"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(as.body()).contains("\"issuer\":\"https://auth.example.test\"");
    }
}
