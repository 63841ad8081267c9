package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Operations in compose: every container's log is rotated, the gateway containers' health check is readiness, and the
 * metrics port is on the container networks only — no Traefik router or published port reaches it.
 */
class ComposeObservabilityTest {
    static final Map<String, JsonNode> SERVICES = DeploymentFiles.composeServices();

    @Test
    void everyContainerRotatesItsLog() {
        assertThat(SERVICES).containsKeys("traefik", "redis", "auth", "mcp-everything");
        SERVICES.forEach((name, s) -> {
            JsonNode logging = s.path("logging");
            assertThat(logging.path("driver").asText()).as(name).isEqualTo("json-file");
            assertThat(logging.path("options").path("max-size").asText()).as(name).isEqualTo("${LOG_MAX_SIZE:-10m}");
            assertThat(logging.path("options").path("max-file").asText()).as(name).isEqualTo("${LOG_MAX_FILE:-5}");
        });
    }

    @Test
    void gatewayContainersAreHealthyWhenReadyAndExposeMetricsOnlyInside() {
        List<String> gateways = SERVICES.entrySet().stream()
                .filter(e -> e.getValue().path("environment").has("GATEWAY_ROLE")).map(Map.Entry::getKey).toList();
        assertThat(gateways).hasSizeGreaterThan(1);
        for (String name : gateways) {
            JsonNode s = SERVICES.get(name);
            String health = String.join(" ", TraefikRoutingTest.strings(s.path("healthcheck").path("test")));
            assertThat(health).as(name).endsWith("http://127.0.0.1:8080/health/ready");
            JsonNode env = s.path("environment");
            assertThat(env.path("METRICS_PORT").asText()).as(name).isEqualTo("${METRICS_PORT:-}");
            assertThat(env.path("GATEWAY_LOG_FORMAT").asText()).as(name).isEqualTo("${GATEWAY_LOG_FORMAT:-text}");
            assertThat(s.has("ports")).as(name + " publishes no port").isFalse();
            DeploymentFiles.labels(s).forEach((label, value) -> {
                assertThat(label).as(name).doesNotContain("metrics");
                if (label.endsWith(".loadbalancer.server.port")) {
                    assertThat(value).as(name).isEqualTo("8080");
                }
            });
        }
    }
}
