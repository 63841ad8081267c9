package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.GatewayWithServices;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Children that misbehave (crash, silence, stderr floods, SIGTERM ignored), caps, idle expiry and shutdown. */
class ChildLifecycleTest {
    static GatewayWithServices gateway;
    static InProcessGateway gw;
    static McpTestClient client;

    @BeforeAll
    static void start() {
        gateway = GatewayWithServices.builder()
                .service("basic", NodeModules.serviceFile("basic", "basic.js", ""))
                .service("crashing", NodeModules.serviceFile("crashing", "crashing.js", ""))
                .service("silent", NodeModules.serviceFile("silent", "silent.js", ""))
                .service("flood", NodeModules.serviceFile("flood", "stderr-flood.js", ""))
                .service("stubborn", NodeModules.serviceFile("stubborn", "ignores-sigterm.js", ""))
                .service("limited", NodeModules.serviceFile("limited", "basic.js", "maxSessionsPerUser: 1\n"))
                .env("SESSION_TIMEOUT", "3").env("MCP_MAX_SESSIONS_PER_USER", "2")
                .property("gateway.mcp.request-timeout", "PT1S").property("gateway.mcp.kill-grace", "PT0.3S")
                .testTokens().start();
        gw = gateway.gateway();
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aChildThatCrashesMidCallFailsThePendingCallAtOnceAndEndsTheSession() throws Exception {
        String session = client.open("crashing", "alice");
        long start = System.nanoTime();
        HttpResponse<String> r = client.post("crashing", "alice", session, call(9, "echo-then-crash", "{}"));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode error = response(r);
        assertThat(error.get("id").asInt()).isEqualTo(9);
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32000);
        assertThat(error.at("/error/message").asText()).contains("exited");
        assertThat(elapsedMs).isLessThan(900); // not the 1 s request timeout
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.post("crashing", "alice", session, call(10, "echo", "{}")).statusCode()).isEqualTo(404));
    }

    @Test
    void aCallNobodyAnswersTimesOutWithMinus32001AndTheChildIsToldToCancel() throws Exception {
        String session = client.open("silent", "alice");
        HttpResponse<String> r = client.post("silent", "alice", session, call("slow", "hang", "{}"));
        assertThat(response(r).get("id").asText()).isEqualTo("slow");
        assertThat(response(r).at("/error/code").asInt()).isEqualTo(-32001);
        HttpResponse<String> seen = client.post("silent", "alice", session, call(2, "cancelled", "{}"));
        JsonNode cancelled = Json.parseUntrusted(response(seen).at("/result/content/0/text").asText());
        assertThat(cancelled).hasSize(1);
        assertThat(cancelled.get(0).isIntegralNumber()).isTrue(); // the gateway id the child knew, not "slow"
    }

    @Test
    void aChildFloodingStderrKeepsAnswering() throws Exception {
        String session = client.open("flood", "alice");
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = client.post("flood", "alice", session, call(i, "echo", "{\"message\":\"m" + i + "\"}"));
            assertThat(response(r).at("/result/content/0/text").asText()).isEqualTo("Echo: m" + i);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void deleteKillsAChildThatIgnoresSigtermTogetherWithItsGrandchild() throws Exception {
        String session = client.open("stubborn", "alice");
        List<ProcessHandle> tree = pids("stubborn", session);
        assertThat(tree).hasSize(2).allMatch(ProcessHandle::isAlive);
        assertThat(client.send("DELETE", "stubborn", "alice", session, Map.of()).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void perUserAndPerServiceCapsAnswer503WithRetryAfter() throws Exception {
        String first = client.open("basic", "capped");
        client.open("basic", "capped");
        HttpResponse<String> third = client.post("basic", "capped", null, McpTestClient.initialize("2025-06-18"));
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.headers().firstValue("Retry-After")).isPresent();
        assertThat(response(third).at("/error/code").asInt()).isEqualTo(-32000);
        client.send("DELETE", "basic", "capped", first, Map.of());
        assertThat(client.post("basic", "capped", null, McpTestClient.initialize("2025-06-18")).statusCode()).isEqualTo(200);

        client.open("limited", "solo");
        HttpResponse<String> second = client.post("limited", "solo", null, McpTestClient.initialize("2025-06-18"));
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.body()).contains("limited");
    }

    @Test
    void anIdleSessionExpiresAndItsChildIsGone() throws Exception {
        String session = client.open("basic", "idler");
        List<ProcessHandle> tree = pids("basic", session);
        await().atMost(Duration.ofSeconds(15)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(client.post("basic", "idler", session, call(1, "echo", "{}")).statusCode()).isEqualTo(404);
    }

    @Test
    void stoppingTheGatewayStopsEveryChild() throws Exception {
        InProcessGateway other = InProcessGateway.start(Map.of("GATEWAY_SERVICES_DIR", gateway.servicesDir().toString()),
                Map.of("accessGuard", new TestAccessGuard()), Map.of("gateway.mcp.kill-grace", "PT0.3S"));
        McpTestClient c = new McpTestClient(other);
        List<ProcessHandle> tree = new ArrayList<>();
        for (String service : List.of("basic", "stubborn")) {
            String s = c.open(service, "alice");
            HttpResponse<String> r = c.post(service, "alice", s, call(1, "pids", "{}"));
            Json.parseUntrusted(response(r).at("/result/content/0/text").asText())
                    .forEach(p -> tree.add(ProcessHandle.of(p.asLong()).orElseThrow()));
        }
        long start = System.nanoTime();
        other.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        await().atMost(Duration.ofSeconds(5)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static List<ProcessHandle> pids(String service, String session) throws Exception {
        HttpResponse<String> r = client.post(service, "alice".equals("") ? null : userOf(service), session, call(1, "pids", "{}"));
        List<ProcessHandle> out = new ArrayList<>();
        Json.parseUntrusted(response(r).at("/result/content/0/text").asText())
                .forEach(p -> out.add(ProcessHandle.of(p.asLong()).orElseThrow()));
        return out;
    }

    private static String userOf(String service) {
        return "basic".equals(service) ? "idler" : "alice";
    }
}
