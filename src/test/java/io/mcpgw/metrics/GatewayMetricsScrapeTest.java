package io.mcpgw.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics endpoint of a real gateway (Redis store, real MCP children) scraped before and after real traffic:
 * a registration and a full OAuth flow, {@code /verify} allowed and refused, a refused grant, a registration over
 * the rate limit (429), an MCP session on {@code everything} and one on a server that crashes; then Redis stopped:
 * readiness goes 503 (liveness stays 200) and the store errors are counted. The Grafana dashboard only queries
 * series this scrape shows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayMetricsScrapeTest {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static RedisServerProcess redis;
    static InProcessGateway gw;
    static URI metrics;
    static Scrape before;
    static DevLoginClient client;
    @TempDir
    static Path servicesDir;

    @BeforeAll
    static void start() throws Exception {
        // a stdio server that dies at once with exit code 3: a child crash
        Files.writeString(servicesDir.resolve("crashes.camel.yaml"),
                "command: node\nargs: [\"-e\", \"process.exit(3)\"]\n");
        redis = RedisServerProcess.create().start();
        int metricsPort = InProcessGateway.freePort();
        gw = InProcessGateway.start(Map.of("REDIS_URL", redis.url(), "REGISTER_RATE_LIMIT", "3",
                "METRICS_PORT", String.valueOf(metricsPort), "GATEWAY_SERVICES_DIR", servicesDir.toString()));
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
        before = Scrape.from(metrics);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void countersMoveWithAFlowOfRealRequests() throws Exception {
        String everything = gw.issuer() + "/everything/mcp";
        client = new DevLoginClient("http://127.0.0.1:" + gw.port());
        DevLoginClient.Tokens alice = client.login("alice", everything, null);
        assertThat(verify("Bearer " + alice.accessToken()).statusCode()).isEqualTo(200);
        assertThat(verify(null).statusCode()).isEqualTo(401);
        assertThat(verify("Bearer not-a-token").statusCode()).isEqualTo(401);
        // bad input: a grant type the gateway does not offer
        HttpResponse<String> refused = post("/token", "application/x-www-form-urlencoded",
                "grant_type=password&username=a&password=b&client_id=" + client.clientId());
        assertThat(refused.statusCode()).isEqualTo(400);
        // bad input: registrations until the rate limit of 3 per minute answers 429
        int tooMany = 0;
        for (int i = 0; i < 4; i++) {
            tooMany += register().statusCode() == 429 ? 1 : 0;
        }
        assertThat(tooMany).isPositive();
        // bad input: registration metadata that is not JSON
        assertThat(post("/register", "application/json", "{not json").statusCode()).isIn(400, 429);

        Scrape after = Scrape.from(metrics);
        assertThat(delta(after, "mcpgw_registrations_total", "result=\"registered\"")).isGreaterThanOrEqualTo(1);
        assertThat(delta(after, "mcpgw_registrations_total", "result=\"rate_limited\"")).isEqualTo(tooMany);
        assertThat(delta(after, "mcpgw_http_rejections_total", "status=\"429\"")).isGreaterThanOrEqualTo(tooMany);
        assertThat(delta(after, "mcpgw_token_grants_total", "grant_type=\"authorization_code\"",
                "result=\"issued\"")).isEqualTo(1);
        assertThat(delta(after, "mcpgw_token_grants_total", "grant_type=\"other\"",
                "result=\"unsupported_grant_type\"")).isEqualTo(1);
        assertThat(delta(after, "mcpgw_verify_total", "outcome=\"allowed\"")).isEqualTo(1);
        assertThat(delta(after, "mcpgw_verify_total", "outcome=\"unauthorized\"")).isEqualTo(2);
        assertThat(delta(after, "camel_route_policy_seconds_count", "routeId=\"oauth-verify\"")).isEqualTo(3);
        assertThat(after.value("camel_route_policy_seconds_sum", "routeId=\"oauth-verify\"")).isPositive();
        assertThat(delta(after, "mcpgw_http_responses_total", "status_class=\"2xx\"")).isGreaterThanOrEqualTo(3);
        assertThat(delta(after, "mcpgw_store_operations_seconds_count")).isPositive();
        assertThat(after.value("mcpgw_store_errors_total")).isZero();

        // one MCP session: one live session and one child for everything, gone after DELETE
        String session = initialize("/everything/mcp", alice.accessToken());
        Scrape live = Scrape.from(metrics);
        assertThat(live.value("mcpgw_mcp_sessions", "service=\"everything\"")).isEqualTo(1);
        assertThat(live.value("mcpgw_mcp_children", "service=\"everything\"")).isEqualTo(1);
        HTTP.send(HttpRequest.newBuilder(gw.uri("/everything/mcp")).header("Authorization", "Bearer "
                + alice.accessToken()).header("Mcp-Session-Id", session).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Scrape ended = Scrape.from(metrics);
            assertThat(ended.value("mcpgw_mcp_sessions", "service=\"everything\"")).isZero();
            assertThat(ended.value("mcpgw_mcp_children", "service=\"everything\"")).isZero();
        });
    }

    @Test
    @Order(2)
    void aChildThatDiesOnItsOwnIsACrash() throws Exception {
        DevLoginClient.Tokens bob = client.login("bob", gw.issuer() + "/crashes/mcp", null);
        HTTP.send(initializeRequest("/crashes/mcp", bob.accessToken()), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Scrape s = Scrape.from(metrics);
            assertThat(s.value("mcpgw_mcp_child_crashes_total", "service=\"crashes\"")).isPositive();
            assertThat(s.value("mcpgw_mcp_children", "service=\"crashes\"")).isZero();
        });
    }

    @Test
    @Order(3)
    void theMetricsListenerAnswersOnlyItsPathAndNeverThePublicPort() throws Exception {
        HttpResponse<String> other = Scrape.get(metrics.resolve("/admin?x=%3Cscript%3E"));
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("<script>");
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(metrics)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<String> ok = Scrape.get(metrics);
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain; version=0.0.4"));
        // the public listener has no metrics route
        assertThat(HTTP.send(HttpRequest.newBuilder(gw.uri("/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void everySeriesTheGrafanaDashboardQueriesIsScraped() throws Exception {
        JsonNode dashboard = Json.MAPPER.readTree(Files.readString(Path.of("compose/grafana/mcp-gateway.json")));
        Set<String> queried = new TreeSet<>();
        Pattern metric = Pattern.compile("\\b((?:mcpgw|camel|jvm|process|system)_[a-z0-9_]+)\\b");
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1));
                }
            }
        }
        assertThat(queried).as("the dashboard queries the gateway's series").contains("mcpgw_verify_total",
                "mcpgw_token_grants_total", "mcpgw_registrations_total", "mcpgw_mcp_sessions", "mcpgw_mcp_children",
                "mcpgw_mcp_child_crashes_total", "mcpgw_store_operations_seconds_sum", "mcpgw_store_errors_total",
                "mcpgw_http_rejections_total", "camel_route_policy_seconds_count");
        assertThat(Scrape.from(metrics).names()).containsAll(queried);
    }

    @Test
    @Order(4)
    void everySeriesTheOperatorDocumentationNamesIsScraped() throws Exception {
        Matcher m = Pattern.compile("`((?:mcpgw|camel)_[a-z0-9_]+)`").matcher(Files.readString(
                Path.of("docs/OBSERVABILITY.md")));
        Set<String> documented = new TreeSet<>();
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).hasSizeGreaterThan(10);
        assertThat(Scrape.from(metrics).names()).containsAll(documented);
    }

    @Test
    @Order(5)
    void storeDownMeansNotReadyButAlive() throws Exception {
        assertThat(Scrape.get(gw.uri("/health/ready")).statusCode()).isEqualTo(200);
        // the readiness conditions are Camel health checks too (Camel's tooling lists them)
        org.apache.camel.health.HealthCheckRegistry checks = org.apache.camel.health.HealthCheckRegistry.get(gw.context());
        assertThat(checks.stream().filter(c -> c.getGroup().equals("gateway")).map(c -> c.getId()))
                .containsExactlyInAnyOrder("store", "startup", "services");
        redis.stop();
        try {
            HttpResponse<String> ready = Scrape.get(gw.uri("/health/ready"));
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode body = Json.MAPPER.readTree(ready.body());
            assertThat(body.path("status").asText()).isEqualTo("not_ready");
            assertThat(body.path("checks").path("store").asText()).isEqualTo("unreachable");
            assertThat(ready.headers().firstValue("Retry-After")).isPresent();
            assertThat(ready.body()).doesNotContain(String.valueOf(redis.port())).doesNotContainIgnoringCase("exception");
            HttpResponse<String> live = Scrape.get(gw.uri("/health/live"));
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(Scrape.get(gw.uri("/health")).statusCode()).isEqualTo(503);
            Scrape s = Scrape.from(metrics);
            assertThat(s.value("mcpgw_store_errors_total", "operation=\"round_trip\"")).isPositive();
            assertThat(s.value("mcpgw_http_rejections_total", "status=\"503\"")).isPositive();
        } finally {
            redis.start();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(Scrape.get(gw.uri("/health/ready")).statusCode()).isEqualTo(200));
    }

    static double delta(Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    static HttpResponse<String> verify(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/verify"))
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "localhost:" + gw.port())
                .header("X-Forwarded-Uri", "/everything/mcp").header("X-Forwarded-Method", "POST");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gw.uri(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> register() throws Exception {
        return post("/register", "application/json", "{\"redirect_uris\":[\"" + DevLoginClient.REDIRECT + "\"],"
                + "\"token_endpoint_auth_method\":\"none\",\"client_name\":\"client " + System.nanoTime() + "\"}");
    }

    static HttpRequest initializeRequest(String path, String token) {
        return HttpRequest.newBuilder(gw.uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"metrics-test\",\"version\":\"1\"}}}"))
                .build();
    }

    static String initialize(String path, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(initializeRequest(path, token), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }
}
