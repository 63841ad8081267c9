package io.mcpgw.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.RedisServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A services container is its services: in {@code GATEWAY_ROLE=services} readiness ({@code /health/ready}, the
 * container's health check) is 503 while one of its services cannot run here, and 200 when they can; liveness stays
 * 200 either way. Real Redis, real services-role gateways.
 */
class ServicesReadinessTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RedisServerProcess REDIS = RedisServerProcess.create();

    @TempDir
    Path dropIns;

    @Test
    void aServiceThatCannotRunMakesItsContainerNotReadyButAlive() throws Exception {
        // bad input: a service file naming a program this machine does not have
        Files.writeString(dropIns.resolve("ghost.camel.yaml"), "command: no-such-program-for-mcpgw-tests\n");
        try (InProcessGateway gw = InProcessGateway.start(Map.of("GATEWAY_ROLE", "services", "REDIS_URL", REDIS.url(),
                "BASE_DOMAIN", "example.test", "GATEWAY_SERVICES", "ghost",
                "GATEWAY_SERVICES_DIR", dropIns.toString()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> ready = get(gw, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                JsonNode checks = Json.MAPPER.readTree(ready.body()).path("checks");
                assertThat(checks.path("services").asText()).isEqualTo("not_serving: ghost");
                assertThat(checks.path("store").asText()).isEqualTo("ok");
            });
            assertThat(get(gw, "/health/ready").body()).doesNotContain(dropIns.toString());
            assertThat(get(gw, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aContainerWhoseServicesRunIsReady() throws Exception {
        try (InProcessGateway gw = InProcessGateway.start(Map.of("GATEWAY_ROLE", "services", "REDIS_URL", REDIS.url(),
                "BASE_DOMAIN", "example.test", "GATEWAY_SERVICES", "time"))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> ready = get(gw, "/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(ready.body()).path("checks").path("services").asText()).isEqualTo("ok");
            });
        }
    }

    static HttpResponse<String> get(InProcessGateway gw, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gw.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
