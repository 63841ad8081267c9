package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.service.ServiceHealth;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.GatewayWithServices;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Service files dropped into GATEWAY_SERVICES_DIR at run time, rejected files, and the health endpoint. */
class ServiceDropInTest {
    static GatewayWithServices gateway;
    static InProcessGateway gw;
    static McpTestClient client;

    @BeforeAll
    static void start() {
        gateway = GatewayWithServices.builder()
                .service("basic", NodeModules.serviceFile("basic", "basic.js", ""))
                .service("absent", NodeModules.serviceFile("absent", "basic.js", "")
                        .replace("command: node\n", "command: no-such-mcp-server\n"))
                .env("MCP_MAX_SESSIONS_PER_USER", "50").env("MCP_MAX_SESSIONS", "100")
                .property("gateway.mcp.kill-grace", "PT0.3S").property("gateway.mcp.health-interval", "PT1S")
                .testTokens().start();
        gw = gateway.gateway();
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aNewFileAddsAServiceWithoutRestartAndRemovingItEndsItsSessions() throws Exception {
        gateway.writeService("late", NodeModules.serviceFile("late", "basic.js", ""));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                client.post("late", "alice", null, McpTestClient.initialize("2025-06-18")).statusCode() == 200);
        assertThat(gw.context().getRoute("mcp-late")).isNotNull();
        assertThat(gw.bean("resourceCatalog", ResourceCatalog.class).services()).contains("late");
        String session = client.open("late", "alice");
        HttpResponse<String> r = client.post("late", "alice", session, call(1, "pids", "{}"));
        List<ProcessHandle> tree = new ArrayList<>();
        Json.parseUntrusted(response(r).at("/result/content/0/text").asText())
                .forEach(p -> tree.add(ProcessHandle.of(p.asLong()).orElseThrow()));

        gateway.removeService("late");
        await().atMost(Duration.ofSeconds(10)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        // the sessions end (children reaped) before the route is removed
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.context().getRoute("mcp-late") == null);
        assertThat(gw.bean("resourceCatalog", ResourceCatalog.class).services()).doesNotContain("late");
        assertThat(client.post("late", "alice", session, call(2, "echo", "{}")).statusCode()).isEqualTo(404);
    }

    @Test
    void aBrokenFileIsRejectedWithEveryProblemAndRunningServicesKeepRunning() throws Exception {
        String session = client.open("basic", "alice");
        gateway.writeService("broken", """
                args: "not a list"
                env: {1X: v}
                protocolVersion: "1999-01-01"
                maxSessionsPerUser: -1
                colour: blue
                """);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode health = Json.parseUntrusted(get("/health/services").body());
            JsonNode problems = health.at("/rejected_files").get("broken.camel.yaml");
            assertThat(problems).isNotNull();
            assertThat(problems.toString())
                    .contains("command (Command): is required")
                    .contains("args (Arguments): must be a YAML list of strings")
                    .contains("env (Environment): '1X' is not a valid variable name")
                    .contains("protocolVersion (Protocol version): '1999-01-01' is not one of")
                    .contains("maxSessionsPerUser (Sessions per user): must be between 0 and")
                    .contains("unknown key 'colour'");
        });
        assertThat(gw.context().getRoute("mcp-broken")).isNull();
        assertThat(response(client.post("basic", "alice", session, call(1, "echo", "{\"message\":\"still\"}")))
                .at("/result/content/0/text").asText()).isEqualTo("Echo: still");

        // An invalid edit of a running service's file leaves the running version in place.
        gateway.writeService("basic", "- route:\n    from:\n      uri: timer:x\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> Json.parseUntrusted(get("/health/services").body())
                .at("/rejected_files").has("basic.camel.yaml"));
        assertThat(response(client.post("basic", "alice", session, call(2, "echo", "{\"message\":\"kept\"}")))
                .at("/result/content/0/text").asText()).isEqualTo("Echo: kept");
        gateway.writeService("basic", NodeModules.serviceFile("basic", "basic.js", ""));
    }

    @Test
    void healthProbesEachServiceWithAShortLivedChildAndReportsMissingCommands() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Json.parseUntrusted(get("/health/services/basic").body()).get("status").asText().equals("up"));
        HttpResponse<String> one = get("/health/services/basic");
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode basic = Json.parseUntrusted(one.body());
        assertThat(basic.get("status").asText()).isEqualTo("up");
        assertThat(basic.get("protocol_version").asText()).isEqualTo("2025-06-18");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Json.parseUntrusted(get("/health/services/absent").body()).get("status").asText().equals("unavailable"));
        HttpResponse<String> absent = get("/health/services/absent");
        assertThat(Json.parseUntrusted(absent.body()).get("reason").asText())
                .contains("command 'no-such-mcp-server' not found");
        for (String nativeService : List.of("fetch", "time")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> Json.parseUntrusted(
                    get("/health/services/" + nativeService).body()).get("status").asText().equals("up"));
        }
        // No probe child outlives its probe: besides the sessions' children, at most the one probe of the running round.
        io.mcpgw.mcp.session.SessionRegistry sessions = gw.bean("mcpSessions", io.mcpgw.mcp.session.SessionRegistry.class);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(ProcessHandle.current().descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("basic.js")).count())
                        .isLessThanOrEqualTo(sessions.size() + 1L));
        assertThat(get("/health/services/nosuch").statusCode()).isEqualTo(404);
    }

    /**
     * Bad input: a burst of 60 anonymous health requests. They only read the last probe round; the children started
     * stay those of the timer's rounds (one probe per service per second here), and no answer names an absolute path.
     */
    @Test
    void anonymousHealthRequestsStartNoProbeAndNameNoAbsolutePath() throws Exception {
        ServiceHealth health = gw.bean("mcpHealth", ServiceHealth.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> health.probesStarted() > 0);
        int services = gw.bean("mcpServices", io.mcpgw.mcp.service.McpServices.class).all().size();
        long before = health.probesStarted();
        long started = System.nanoTime();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            bodies.add(get(i % 2 == 0 ? "/health/services" : "/health/services/basic").body());
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000 + 1;
        // At most the timer's rounds in that time (plus the one running when we began), never one per request.
        assertThat(health.probesStarted() - before).isLessThanOrEqualTo((seconds + 2) * services);
        assertThat(health.probesStarted() - before).isLessThan(60);
        String cwd = Path.of("").toAbsolutePath().toString();
        for (String body : bodies) {
            assertThat(body).doesNotContain(cwd).doesNotContain(gateway.servicesDir().toString()).doesNotContain("/node_modules");
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.http.send(HttpRequest.newBuilder(client.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
