package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code METRICS_PORT}, {@code METRICS_BIND}, {@code METRICS_PATH}, {@code GATEWAY_LOG_FORMAT}, {@code AUDIT_LOG_FILE}. */
class ObservabilitySettingsTest {
    @TempDir
    Path dir;

    GatewaySettings load(Map<String, String> env) {
        return SettingsLoader.load(env, dir);
    }

    @Test
    void defaultsAreNoMetricsEndpointTextLogsAndNoAuditFile() {
        Observability o = load(Map.of()).observability();
        assertThat(o.metrics()).isEmpty();
        assertThat(o.logFormat()).isEqualTo("text");
        assertThat(o.auditLogFile()).isEmpty();
    }

    @Test
    void metricsOnLoopbackAtSlashMetricsUnlessToldOtherwise() throws Exception {
        assertThat(load(Map.of("METRICS_PORT", "9464")).observability().metrics())
                .contains(new Observability.Metrics("127.0.0.1", 9464, "/metrics"));
        Files.createDirectories(dir.resolve("logs"));
        Observability o = load(Map.of("METRICS_PORT", "0", "METRICS_BIND", "0.0.0.0", "METRICS_PATH", "/internal/prom",
                "GATEWAY_LOG_FORMAT", "json", "AUDIT_LOG_FILE", "logs/audit.log")).observability();
        assertThat(o.metrics()).contains(new Observability.Metrics("0.0.0.0", 0, "/internal/prom"));
        assertThat(o.logFormat()).isEqualTo("json");
        assertThat(o.auditLogFile()).isEqualTo(Optional.of(dir.resolve("logs/audit.log")));
    }

    @Test
    void everyBadValueIsReportedAtOnce() throws Exception {
        Files.createDirectories(dir.resolve("adir"));
        Map<String, String> env = new HashMap<>();
        env.put("METRICS_PORT", "70000");
        env.put("METRICS_BIND", "http://0.0.0.0");
        env.put("METRICS_PATH", "metrics");
        env.put("GATEWAY_LOG_FORMAT", "JSON");
        env.put("AUDIT_LOG_FILE", "adir");
        assertThatThrownBy(() -> load(env)).isInstanceOfSatisfying(InvalidSettingsException.class, e ->
                assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':'))).containsExactly(
                        "METRICS_PORT", "METRICS_BIND", "METRICS_PATH", "GATEWAY_LOG_FORMAT", "AUDIT_LOG_FILE"));
    }

    @Test
    void badMetricsPortsPathsFormatsAndAuditFiles() {
        for (String port : new String[] {"abc", "-1", "65536", "9464x"}) {
            assertThat(problem("METRICS_PORT", port)).as(port).startsWith("METRICS_PORT: ");
        }
        for (String path : new String[] {"metrics", "/", "/a b", "/x?y=1", "/x/../y", "//x", "/x/", "/%2e"}) {
            assertThat(problem("METRICS_PATH", path)).as(path).startsWith("METRICS_PATH: ");
        }
        for (String format : new String[] {"JSON", "xml", "logfmt"}) {
            assertThat(problem("GATEWAY_LOG_FORMAT", format)).as(format).contains("text", "json");
        }
        assertThat(problem("AUDIT_LOG_FILE", "no/such/dir/audit.log")).contains("existing directory");
        assertThat(problem("AUDIT_LOG_FILE", ".")).contains("directory");
    }

    String problem(String name, String value) {
        try {
            load(Map.of(name, value));
        } catch (InvalidSettingsException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError(name + "=" + value + " was accepted");
    }
}
