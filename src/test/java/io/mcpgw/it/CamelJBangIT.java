package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.testsupport.InProcessGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented Camel JBang command, {@code scripts/camel-jbang.sh}, starts the project's routes with
 * {@code camel run} and serves the AS metadata, with downloads switched off (everything from the local Maven
 * repository the build filled).
 */
class CamelJBangIT {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Process process;
    @TempDir
    Path logDir;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String log() throws IOException {
        return Files.readString(logDir.resolve("camel-jbang.log"), StandardCharsets.UTF_8);
    }

    @Test
    void camelRunServesTheAuthorizationServerMetadataOffline() throws Exception {
        int port = InProcessGateway.freePort();
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/camel-jbang.sh").redirectErrorStream(true)
                .redirectOutput(logDir.resolve("camel-jbang.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_") || k.startsWith("GITHUB_")
                || k.startsWith("REDIS_") || k.startsWith("JWT_") || k.equals("BASE_DOMAIN"));
        pb.environment().put("GATEWAY_PORT", String.valueOf(port));
        process = pb.start();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(process.isAlive()).as("camel run exited early:\n%s", log()).isTrue();
            try {
                return get(port, "/.well-known/oauth-authorization-server").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });

        assertThat(get(port, "/.well-known/oauth-authorization-server").body())
                .contains("\"issuer\":\"http://localhost:" + port + "\"");
        assertThat(get(port, "/jwks").statusCode()).isEqualTo(200);
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        assertThat(log()).contains("Apache Camel (JBang)").doesNotContain("Error downloading")
                .doesNotContain("DownloadException");
    }
}
