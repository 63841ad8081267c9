package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code gateway.*} Camel properties are validated with the environment variables, in one message: a bad
 * duration or number is a line naming the property and the value, not a {@code DateTimeParseException}.
 */
class GatewayTunablesTest {
    static final Path HERE = Path.of("").toAbsolutePath();

    static GatewaySettings load(Map<String, String> env, Map<String, String> properties) {
        return SettingsLoader.load(env, HERE, GatewayTunables.bundledProperties(properties));
    }

    @Test
    void theDefaultsComeFromApplicationProperties() {
        GatewayTunables t = load(Map.of(), Map.of()).tunables();
        assertThat(t.workerPoolSize()).isEqualTo(400);
        assertThat(t.mcpRequestTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(t.mcpKillGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.mcpMaxBodyBytes()).isEqualTo(4_194_304L);
        assertThat(t.mcpNodeModules()).isEqualTo("node_modules");
        assertThat(t.fetchsAllowPrivate()).isFalse();
    }

    @Test
    void anOverrideIsUsedAsGiven() {
        GatewayTunables t = load(Map.of(), Map.of("gateway.mcp.kill-grace", "PT0.3S",
                "gateway.fetchs.allow-private", "true")).tunables();
        assertThat(t.mcpKillGrace()).isEqualTo(Duration.ofMillis(300));
        assertThat(t.fetchsAllowPrivate()).isTrue();
    }

    /**
     * Bad inputs: a duration without the ISO form ("5s"), a negative duration, a number with a unit ("4MB"), a
     * zero pool, a boolean "yes", an empty value; plus a bad environment variable in the same message.
     */
    @Test
    void everyBadPropertyAndVariableIsInOneMessage() {
        assertThatThrownBy(() -> load(Map.of("GATEWAY_PORT", "http"), Map.of(
                "gateway.mcp.kill-grace", "5s",
                "gateway.mcp.request-timeout", "-PT1S",
                "gateway.mcp.max-body-bytes", "4MB",
                "gateway.http.worker-pool-size", "0",
                "gateway.fetchs.allow-private", "yes",
                "gateway.mcp.node-modules", " ")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("GATEWAY_PORT: ")
                .hasMessageContaining("gateway.mcp.kill-grace: must be an ISO-8601 duration such as PT30S or PT0.5S"
                        + " (got '5s')")
                .hasMessageContaining("gateway.mcp.request-timeout: must be from PT0S to P1D (got '-PT1S')")
                .hasMessageContaining("gateway.mcp.max-body-bytes: must be a whole number from 1024 to ")
                .hasMessageContaining("gateway.http.worker-pool-size: must be a whole number from 1 to 10000"
                        + " (got '0')")
                .hasMessageContaining("gateway.fetchs.allow-private: must be true or false (got 'yes')")
                .hasMessageContaining("gateway.mcp.node-modules: must be set")
                .hasMessageNotContaining("Exception")
                .hasMessageNotContaining("\tat ");
    }

    @Test
    void theHttpTransportAndEventLoopsDefaultsOverridesAndBadValues() {
        GatewayTunables t = load(Map.of(), Map.of()).tunables();
        assertThat(t.httpNativeTransport()).isTrue();
        assertThat(t.httpEventLoops()).isZero();
        assertThat(t.httpEventLoopCount()).as("0 = one per core but one")
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        assertThat(GatewayTunables.defaultEventLoops(1)).isEqualTo(1);
        assertThat(GatewayTunables.defaultEventLoops(2)).isEqualTo(1);
        assertThat(GatewayTunables.defaultEventLoops(8)).isEqualTo(7);
        GatewayTunables one = load(Map.of(), Map.of("gateway.http.event-loops", "1",
                "gateway.http.native-transport", "false")).tunables();
        assertThat(one.httpEventLoopCount()).isEqualTo(1);
        assertThat(one.httpNativeTransport()).isFalse();
        // bad inputs: a negative count, one above 256, a word; a transport that is neither true nor false
        for (Map<String, String> bad : java.util.List.of(
                Map.of("gateway.http.event-loops", "-1", "gateway.http.native-transport", "epoll"),
                Map.of("gateway.http.event-loops", "257", "gateway.http.native-transport", "1"),
                Map.of("gateway.http.event-loops", "two", "gateway.http.native-transport", " "))) {
            assertThatThrownBy(() -> load(Map.of(), bad))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("gateway.http.event-loops: must be a whole number from 0 to 256")
                    .hasMessageContaining("gateway.http.native-transport: must ")
                    .hasMessageNotContaining("Exception");
        }
    }

    @Test
    void theReplayBufferDefaultsAndBadValues() {
        GatewayTunables t = load(Map.of(), Map.of()).tunables();
        assertThat(t.mcpReplayBufferBytes()).isEqualTo(1_048_576L);
        assertThat(t.mcpReplayBufferAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(t.mcpSsePrimeAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(load(Map.of(), Map.of("gateway.mcp.replay-buffer-bytes", "0")).tunables().mcpReplayBufferBytes())
                .as("0 turns replay off").isZero();
        // bad inputs: a negative size, a size with a unit, an age that is no ISO duration, an empty age, a negative
        // and a unit-less priming delay
        for (Map<String, String> bad : java.util.List.of(
                Map.of("gateway.mcp.replay-buffer-bytes", "-1", "gateway.mcp.replay-buffer-age", "60",
                        "gateway.mcp.sse-prime-after", "-PT1S"),
                Map.of("gateway.mcp.replay-buffer-bytes", "1MiB", "gateway.mcp.replay-buffer-age", " ",
                        "gateway.mcp.sse-prime-after", "1"))) {
            assertThatThrownBy(() -> load(Map.of(), bad))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("gateway.mcp.replay-buffer-bytes: must be a whole number from 0 to ")
                    .hasMessageContaining("gateway.mcp.replay-buffer-age: must ")
                    .hasMessageContaining("gateway.mcp.sse-prime-after: must ")
                    .hasMessageNotContaining("Exception");
        }
    }
}
