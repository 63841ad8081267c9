package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.RedisServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged artifact, as a user runs it: {@code java -jar target/mcp-oauth-gateway.jar} in a fresh folder.
 * Start-up with defaults, start-up refused with one message for bad settings or an unreachable store, and the
 * 503-then-recover behaviour when Redis goes away and comes back.
 */
class GatewayJarIT {
    static final Path JAR = Path.of("target", "mcp-oauth-gateway.jar").toAbsolutePath();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Process process;
    @TempDir
    Path workDir;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("gateway stops on SIGTERM").isTrue();
        }
    }

    Process launch(Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("gateway.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_") || k.startsWith("GITHUB_")
                || k.startsWith("REDIS_") || k.startsWith("JWT_") || k.equals("BASE_DOMAIN"));
        pb.environment().putAll(env);
        process = pb.start();
        return process;
    }

    String log() throws IOException {
        return Files.readString(workDir.resolve("gateway.log"), StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void awaitReady(int port) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(process.isAlive()).as("gateway exited early:\n%s", log()).isTrue();
            try {
                return get(port, "/.well-known/oauth-authorization-server").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void theJarStartsWithNoConfigurationAndServesMetadataWithTheDefaultIssuer() throws Exception {
        int port = InProcessGateway.freePort();
        launch(Map.of("GATEWAY_PORT", String.valueOf(port)));
        awaitReady(port);
        assertThat(get(port, "/.well-known/oauth-authorization-server").body())
                .contains("\"issuer\":\"http://localhost:" + port + "\"");
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        // The HTTP server can answer a moment before the start-up line is written: wait for it (bounded).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log()).contains("event=ready"));
        assertThat(log()).contains("store=memory");
    }

    /**
     * Ready means ready: polled in a tight loop from the moment the process starts, the authorization server metadata
     * never answers 200 while the protected resource metadata of an available bundled service still answers 404
     * (before, it did for 0.2–0.5 s, and a client starting right after the ready line got {@code invalid_target});
     * the {@code event=ready} line comes after every service file is loaded.
     */
    @Test
    void theMetadataAnswers200OnlyOnceEveryServiceIsPublished() throws Exception {
        int port = InProcessGateway.freePort();
        List<String> bundled = List.of("everything", "memory", "filesystem", "sequentialthinking", "fetchs");
        List<Map<String, Integer>> samples = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        HttpClient quick = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(500)).build();
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                Map<String, Integer> sample = new LinkedHashMap<>();
                sample.put("as", status(quick, port, "/.well-known/oauth-authorization-server"));
                for (String service : bundled) {
                    sample.put(service, status(quick, port, "/.well-known/oauth-protected-resource/" + service + "/mcp"));
                }
                samples.add(sample);
            }
        });
        Files.createSymbolicLink(workDir.resolve("node_modules"), Path.of("node_modules").toAbsolutePath());
        poller.start();
        try {
            launch(Map.of("GATEWAY_PORT", String.valueOf(port)));
            await().atMost(Duration.ofSeconds(60)).until(() -> samples.stream().anyMatch(s -> s.get("as") == 200));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log()).contains("event=ready"));
        } finally {
            polling.set(false);
            poller.join();
        }
        String log = log();
        List<String> available = bundled.stream().filter(s -> log.contains("event=mcp_service_ready service=" + s + " ")).toList();
        assertThat(available).as("services available on this machine:\n%s", log).contains("everything", "memory");
        assertThat(samples.stream().filter(s -> s.get("as") == 200))
                .as("while the AS metadata answered 200, every available service's PRM answered 200")
                .allSatisfy(s -> available.forEach(service -> assertThat(s.get(service)).as(service).isEqualTo(200)));
        // The poll began before the gateway was ready (nothing listening yet, or the 503 of a gateway still loading):
        // the samples cover the whole start, so the rule above was checked from the first moment.
        assertThat(samples.get(0).get("as")).as("the gateway was seen starting").isIn(0, 503);
        assertThat(log.indexOf("event=ready")).as("ready is logged after the last service file")
                .isGreaterThan(log.lastIndexOf("event=mcp_service_file_loaded"));
    }

    /** The status of {@code GET path}, or 0 when nothing answers yet. */
    static int status(HttpClient client, int port, String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Test
    void badSettingsStopStartUpWithOneMessageListingEveryProblemAndNoSecret() throws Exception {
        launch(Map.of("GATEWAY_PORT", "70000", "AUTH_CODE_LIFETIME", "601", "GATEWAY_ISSUER", "https://auth.example.com/",
                "GITHUB_CLIENT_ID", "id", "GITHUB_CLIENT_SECRET", "very-secret-value", "ACCESS_TOKEN_LIFETIME", "soon"));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        String out = log();
        assertThat(out).containsOnlyOnce("invalid configuration:")
                .contains("GATEWAY_PORT").contains("AUTH_CODE_LIFETIME").contains("GATEWAY_ISSUER")
                .contains("ALLOWED_GITHUB_USERS").contains("ACCESS_TOKEN_LIFETIME")
                .doesNotContain("very-secret-value").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anUnreachableRedisStopsStartUpWithAClearMessageAndNoPassword() throws Exception {
        int closed = InProcessGateway.freePort();
        launch(Map.of("GATEWAY_PORT", String.valueOf(InProcessGateway.freePort()),
                "REDIS_URL", "redis://:hunter2-secret@127.0.0.1:" + closed + "/0"));
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(3);
        assertThat(log()).contains("startup failed: cannot reach Redis at redis://127.0.0.1:" + closed)
                .doesNotContain("hunter2-secret").doesNotContain("\tat ");
    }

    private static HttpResponse<String> mcpInitialize(String origin, String token) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(origin + "/fetchs/mcp"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                        + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void losingRedisGivesA503AndTheGatewayRecoversWhenRedisReturns() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.withPassword("pw-" + System.nanoTime()).start()) {
            int port = InProcessGateway.freePort();
            launch(Map.of("GATEWAY_PORT", String.valueOf(port), "REDIS_URL", redis.urlWithPassword()));
            awaitReady(port);
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
            HttpResponse<String> registered = register(port);
            assertThat(registered.statusCode()).isEqualTo(201);
            assertThat(redis.execute("KEYS", "oauth:client:*")).contains("oauth:client:");
            String origin = "http://localhost:" + port;
            String token = new io.mcpgw.testsupport.DevLoginClient(origin).login("alice", origin + "/fetchs/mcp", null)
                    .accessToken();
            assertThat(mcpInitialize(origin, token).statusCode()).isEqualTo(200);

            redis.stop();
            // The MCP door re-reads the token's revocation record (at most once a second): with the store gone that is
            // a 503 with Retry-After, as on the OAuth endpoints, never a 500.
            await().atMost(Duration.ofSeconds(15)).until(() -> mcpInitialize(origin, token).statusCode() != 200);
            HttpResponse<String> mcpDown = mcpInitialize(origin, token);
            assertThat(mcpDown.statusCode()).isEqualTo(503);
            assertThat(mcpDown.headers().firstValue("Retry-After")).isPresent();
            assertThat(mcpDown.body()).doesNotContain("redis://").doesNotContain("Exception");
            HttpResponse<String> down = get(port, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> refused = register(port);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("\"error\":\"temporarily_unavailable\"").doesNotContain("redis://");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();

            redis.restart();
            await().atMost(Duration.ofSeconds(20)).until(() -> get(port, "/health").statusCode() == 200);
            assertThat(register(port).statusCode()).isEqualTo(201);
            assertThat(log()).doesNotContain(redis.password().orElseThrow());
        }
    }

    @Test
    void rotateSigningKeyAddsANewCurrentKeyAndKeepsThePreviousOneVerifiable() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.create().start()) {
            int port = InProcessGateway.freePort();
            launch(Map.of("GATEWAY_PORT", String.valueOf(port), "REDIS_URL", redis.url()));
            awaitReady(port);
            String before = get(port, "/jwks").body();
            assertThat(before).contains("\"kid\"");
            process.destroy();
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();

            ProcessBuilder rotate = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "rotate-signing-key").directory(workDir.toFile()).redirectErrorStream(true);
            rotate.environment().put("REDIS_URL", redis.url());
            Process p = rotate.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            String newKid = out.substring(out.indexOf("current signing key: ") + 21).trim();
            assertThat(before).doesNotContain(newKid);

            launch(Map.of("GATEWAY_PORT", String.valueOf(port), "REDIS_URL", redis.url()));
            awaitReady(port);
            String after = get(port, "/jwks").body();
            assertThat(after).contains(newKid);
            String oldKid = before.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
            assertThat(after).contains(oldKid);
        }
    }

    HttpResponse<String> register(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"http://127.0.0.1:7777/cb\"],"
                        + "\"token_endpoint_auth_method\":\"none\",\"client_name\":\"it-" + System.nanoTime() + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
