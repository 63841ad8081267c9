package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.json.Json;
import io.mcpgw.routes.TokenRouteStepTest;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock Camel CLI ({@code scripts/camel-run.sh}: camel-jbang-core 4.17.0 and only what it resolves itself, the
 * gateway's libraries downloaded by {@code camel run --dep}, its classes from the project jar) starts the gateway
 * from the route files, and {@code --dev} reloads an edited route: the step of the docs/ROUTES.md walkthrough, saved
 * into the running copy of {@code tokens.camel.yaml}, refuses the next refresh grant without a restart.
 */
class CamelCliIT {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Process process;
    @TempDir
    Path work;

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

    String log() throws IOException {
        return Files.readString(work.resolve("camel-run.log"), StandardCharsets.UTF_8);
    }

    HttpResponse<String> refresh(String base, String clientId, String refreshToken) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id="
                        + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "&refresh_token="
                        + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void camelRunStartsTheGatewayAndDevReloadsAnEditedRoute() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, routes.resolve(f.getFileName()));
            }
        }
        int port = InProcessGateway.freePort();
        String base = "http://127.0.0.1:" + port;
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/camel-run.sh", "--dev").redirectErrorStream(true)
                .redirectOutput(work.resolve("camel-run.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_") || k.startsWith("GITHUB_")
                || k.startsWith("REDIS_") || k.startsWith("JWT_") || k.equals("BASE_DOMAIN"));
        pb.environment().put("GATEWAY_PORT", String.valueOf(port));
        pb.environment().put("CAMEL_RUN_ROUTES", routes.toString());
        process = pb.start();

        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(process.isAlive()).as("camel run exited early:\n%s", log()).isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-authorization-server"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(log()).contains("Apache Camel (JBang) 4.17.0",
                "Additional jars added to classpath: target/mcp-oauth-gateway-thin.jar");
        // the CLI's own class path: camel-jbang-core and its dependencies, none of the gateway's libraries
        assertThat(Files.readString(Path.of("target/camel-cli.classpath"))).contains("camel-jbang-core-4.17.0.jar")
                .doesNotContain("lettuce", "nimbus-jose-jwt", "jsoup", "mcp-oauth-gateway", "logback");

        DevLoginClient client = new DevLoginClient(base);
        DevLoginClient.Tokens tokens = client.login("erin", null, null);
        HttpResponse<String> before = refresh(base, tokens.clientId(), tokens.refreshToken());
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        AtomicReference<String> latest = new AtomicReference<>(
                Json.parseUntrusted(before.body()).get("refresh_token").asText());

        Path tokenRoutes = routes.resolve("tokens.camel.yaml");
        Files.writeString(tokenRoutes, TokenRouteStepTest.withStepBeforeGrant(Files.readString(tokenRoutes),
                TokenRouteStepTest.documentedStep()));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> r = refresh(base, tokens.clientId(), latest.get());
            if (r.statusCode() == 200) { // not reloaded yet: the grant rotated the token
                latest.set(Json.parseUntrusted(r.body()).get("refresh_token").asText());
            }
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("\"error\":\"unsupported_grant_type\"");
        });
        assertThat(log()).contains("event=refresh_refused client=" + tokens.clientId());
    }
}
