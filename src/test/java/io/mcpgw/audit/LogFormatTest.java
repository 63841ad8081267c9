package io.mcpgw.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.InProcessGateway;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log formats as an operator gets them: the real gateway main in a JVM of its own with
 * {@code GATEWAY_LOG_FORMAT=json} writes one JSON object per line on standard output (every line parses), the
 * audit events among them on logger {@code audit}, and {@code AUDIT_LOG_FILE} gets the audit events — and only
 * them — in the same format. The text format of the audit file is checked in-process.
 */
class LogFormatTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;

    @Test
    void jsonFormatIsOneJsonObjectPerLineAndTheAuditFileHoldsTheAuditEvents() throws Exception {
        int port = InProcessGateway.freePort();
        Path audit = dir.resolve("audit.log");
        Path stdout = dir.resolve("stdout.log");
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-cp", classPath(), "io.mcpgw.GatewayApplication")
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr.log").toFile());
        pb.environment().put("GATEWAY_PORT", String.valueOf(port));
        pb.environment().put("GATEWAY_LOG_FORMAT", "json");
        pb.environment().put("AUDIT_LOG_FILE", audit.toString());
        pb.environment().put("GATEWAY_SERVICES", "time");
        pb.environment().put("REGISTER_RATE_LIMIT", "0");
        Process gateway = pb.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> HTTP.send(HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(base.resolve("/register"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"],\"token_endpoint_auth_method\":\"none\","
                                    + "\"client_name\":\"json log test\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(audit)
                    && Files.readString(audit).contains("client_registered"));
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        List<JsonNode> out = jsonLines(stdout);
        assertThat(out).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("level").asText()).isNotEmpty();
            assertThat(line.path("loggerName").asText()).isNotEmpty();
            assertThat(line.path("timestamp").isNumber()).isTrue();
            assertThat(line.has("formattedMessage")).isTrue();
        });
        assertThat(out).anySatisfy(line -> assertThat(line.path("formattedMessage").asText()).startsWith("event=ready"));
        assertThat(out).anySatisfy(line -> {
            assertThat(line.path("loggerName").asText()).isEqualTo("audit");
            assertThat(line.path("formattedMessage").asText()).startsWith("event=client_registered client_id=");
        });
        List<JsonNode> trail = jsonLines(audit);
        assertThat(trail).isNotEmpty().allSatisfy(line ->
                assertThat(line.path("loggerName").asText()).isEqualTo("audit"));
        assertThat(trail).anySatisfy(line ->
                assertThat(line.path("formattedMessage").asText()).startsWith("event=client_registered"));
    }

    @Test
    void theAuditFileInTextFormatIsKeyValueLinesOfTheAuditLoggerOnly() throws Exception {
        Path file = dir.resolve("audit-text.log");
        try (AuditFile trail = AuditFile.open(file, "text");
             AuditFile same = AuditFile.open(file, "text")) {
            AuditLog.info("event=admin_test_action actor={} detail={}", "ops", "two\nlines");
            org.slf4j.LoggerFactory.getLogger(LogFormatTest.class).info("event=not_audit");
            assertThat(same.file()).isEqualTo(trail.file());
        }
        AuditLog.info("event=after_close");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("ts=").contains(" level=INFO logger=audit ",
                "event=admin_test_action actor=ops detail=two lines");
    }

    static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (java.io.IOException e) {
                throw new AssertionError("not one JSON object: " + line);
            }
            assertThat(node.isObject()).as(line).isTrue();
            nodes.add(node);
        }
        return nodes;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The gateway's run-time class path: the test classes (and their logback-test.xml) left out. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return java.util.Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.endsWith("test-classes"))
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }
}
