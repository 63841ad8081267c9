package io.mcpgw.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.RedisServerProcess;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin commands against running gateways, as an operator runs them ({@link AdminLauncher}: through the admin
 * endpoint for the embedded store, straight to Redis otherwise), with real logins, real MCP sessions with their stdio
 * children, and {@code /verify} as Traefik calls it.
 */
class AdminGatewayTest {
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    static Result admin(GatewaySettings settings, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AdminLauncher.run(settings, args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out),
                new PrintWriter(err));
        return new Result(exit, out.toString(), err.toString());
    }

    /** The settings an operator's shell has: the gateway's environment, its port. */
    static GatewaySettings operatorSettings(InProcessGateway gw, Map<String, String> env) {
        Map<String, String> full = new HashMap<>(env);
        full.put("GATEWAY_PORT", String.valueOf(gw.port()));
        return SettingsLoader.load(full);
    }

    static InProcessGateway start(Map<String, String> env) {
        InProcessGateway gw = InProcessGateway.start(env);
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        return gw;
    }

    HttpResponse<String> verify(InProcessGateway gw, String accessToken) throws Exception {
        return http.send(HttpRequest.newBuilder(gw.uri("/verify"))
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "localhost:" + gw.port())
                .header("X-Forwarded-Uri", "/everything/mcp").header("X-Forwarded-Method", "POST")
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** initialize on {@code /everything/mcp}; returns the session id. The stdio child is running afterwards. */
    String openSession(InProcessGateway gw, String accessToken) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gw.uri("/everything/mcp"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"admin-test\",\"version\":\"1\"}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    static List<ProcessHandle> children() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }

    @Test
    void embeddedStoreAdminGoesThroughTheOwnerOnlyLoopbackEndpointAndRevokeUserEndsTheLiveSession() throws Exception {
        Path adminFile = dir.resolve("admin.json");
        Map<String, String> env = Map.of("REGISTER_RATE_LIMIT", "0", "GATEWAY_ADMIN_FILE", adminFile.toString());
        try (InProcessGateway gw = start(env)) {
            GatewaySettings operator = operatorSettings(gw, env);
            assertThat(Files.getPosixFilePermissions(adminFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            JsonNode published = Json.read(Files.readString(adminFile), JsonNode.class);
            assertThat(published.path("url").asText()).startsWith("http://127.0.0.1:");

            DevLoginClient client = new DevLoginClient("http://127.0.0.1:" + gw.port());
            DevLoginClient.Tokens alice = client.login("alice", gw.issuer() + "/everything/mcp", null);
            DevLoginClient.Tokens bob = client.login("bob", gw.issuer() + "/everything/mcp", null);
            List<ProcessHandle> before = children();
            openSession(gw, alice.accessToken());
            List<ProcessHandle> aliceChildren = children().stream().filter(p -> !before.contains(p)).toList();
            assertThat(aliceChildren).as("the session's stdio child").isNotEmpty();

            Result sessions = admin(operator, "sessions", "list", "--json");
            assertThat(sessions.exit()).as(sessions.err()).isZero();
            assertThat(Json.read(sessions.out(), JsonNode.class).findValuesAsText("user")).containsExactly("local-alice");
            Result clients = admin(operator, "clients", "list", "--json");
            assertThat(Json.read(clients.out(), JsonNode.class).findValuesAsText("client_id"))
                    .contains(alice.clientId());

            Result revoked = admin(operator, "revoke", "--user", "local-alice");

            assertThat(revoked.exit()).as(revoked.err()).isZero();
            assertThat(revoked.out()).contains("revoked user local-alice");
            assertThat(verify(gw, alice.accessToken()).statusCode()).as("refused at once").isEqualTo(401);
            assertThat(verify(gw, bob.accessToken()).statusCode()).isEqualTo(200);
            assertThat(gw.bean(SessionRegistry.BEAN, SessionRegistry.class).count("local-alice", null)).isZero();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(aliceChildren).noneMatch(ProcessHandle::isAlive));

            HttpResponse<String> wrongSecret = http.send(HttpRequest.newBuilder(URI.create(published.path("url")
                    .asText())).header("Authorization", "Bearer not-the-secret")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"args\":[\"stats\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(wrongSecret.statusCode()).isEqualTo(401);
            assertThat(wrongSecret.body()).doesNotContain("clients");
            HttpResponse<String> fromBrowser = http.send(HttpRequest.newBuilder(URI.create(published.path("url")
                    .asText())).header("Authorization", "Bearer " + published.path("secret").asText())
                    .header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"args\":[\"stats\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(fromBrowser.statusCode()).isEqualTo(403);

            Path backup = dir.resolve("memory-backup.json");
            Result backedUp = admin(operator, "backup", backup.toString());
            assertThat(backedUp.exit()).as(backedUp.err()).isZero();
            assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.readString(backup)).contains("\"format\":\"mcp-oauth-gateway-backup\"", bob.clientId());
        }
        assertThat(adminFile).as("deleted when the gateway stops").doesNotExist();
        Map<String, String> stopped = Map.of("GATEWAY_PORT", "1", "GATEWAY_ADMIN_FILE", adminFile.toString());
        Result noGateway = admin(SettingsLoader.load(stopped), "stats");
        assertThat(noGateway.exit()).isEqualTo(AdminExit.UNAVAILABLE);
        assertThat(noGateway.err()).contains("no running gateway with the embedded store found");
    }

    @Test
    void revokeUserAgainstRedisIsRefusedByTheRunningGatewayAndEndsTheSessionWithinTheCheckInterval()
            throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.create().start()) {
            Map<String, String> env = Map.of("REGISTER_RATE_LIMIT", "0", "REDIS_URL", redis.url(),
                    "USER_REVOCATION_CHECK_MS", "200");
            try (InProcessGateway gw = start(env)) {
                GatewaySettings operator = operatorSettings(gw, env);
                DevLoginClient client = new DevLoginClient("http://127.0.0.1:" + gw.port());
                DevLoginClient.Tokens alice = client.login("alice", gw.issuer() + "/everything/mcp", null);
                List<ProcessHandle> before = children();
                openSession(gw, alice.accessToken());
                List<ProcessHandle> aliceChildren = children().stream().filter(p -> !before.contains(p)).toList();
                assertThat(aliceChildren).isNotEmpty();
                assertThat(verify(gw, alice.accessToken()).statusCode()).isEqualTo(200); // now cached as valid
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        admin(operator, "sessions", "list").out().contains("local-alice"));

                long revokedAt = System.nanoTime();
                Result revoked = admin(operator, "revoke", "--user", "local-alice", "--json");
                assertThat(revoked.exit()).as(revoked.err()).isZero();
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                        .until(() -> verify(gw, alice.accessToken()).statusCode() == 401);
                long refusedMs = (System.nanoTime() - revokedAt) / 1_000_000;
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(aliceChildren).noneMatch(ProcessHandle::isAlive));
                long endedMs = (System.nanoTime() - revokedAt) / 1_000_000;
                System.out.printf("revoke --user via Redis: /verify refused after %d ms, stdio child gone after %d ms"
                        + " (check interval 200 ms)%n", refusedMs, endedMs);
                assertThat(admin(operator, "sessions", "list", "--user", "local-alice", "--json").out().strip())
                        .isEqualTo("[ ]");
            }
        }
    }

    @Test
    void backupRestoredIntoAFreshRedisGivesAWorkingGatewayThatAcceptsTheOldClientAndRefreshToken() throws Exception {
        Path backup = dir.resolve("backup.json");
        DevLoginClient.Tokens alice;
        int port;
        try (RedisServerProcess redis = RedisServerProcess.create().start()) {
            Map<String, String> env = Map.of("REGISTER_RATE_LIMIT", "0", "REDIS_URL", redis.url());
            try (InProcessGateway gw = start(env)) {
                port = gw.port();
                alice = new DevLoginClient("http://127.0.0.1:" + gw.port())
                        .login("alice", gw.issuer() + "/everything/mcp", null);
                Result backedUp = admin(operatorSettings(gw, env), "backup", backup.toString());
                assertThat(backedUp.exit()).as(backedUp.err()).isZero();
            }
        }
        try (RedisServerProcess fresh = RedisServerProcess.create().start()) {
            // the same deployment (issuer) on a new, empty Redis
            Map<String, String> env = Map.of("REGISTER_RATE_LIMIT", "0", "REDIS_URL", fresh.url(),
                    "GATEWAY_PORT", String.valueOf(port));
            Result restored = admin(SettingsLoader.load(env), "restore", backup.toString());
            assertThat(restored.exit()).as(restored.err()).isZero();
            try (InProcessGateway gw = start(env)) {
                assertThat(verify(gw, alice.accessToken()).statusCode()).as("old access token").isEqualTo(200);
                HttpResponse<String> refreshed = http.send(HttpRequest.newBuilder(gw.uri("/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                                + URLEncoder.encode(alice.refreshToken(), StandardCharsets.UTF_8) + "&client_id="
                                + URLEncoder.encode(alice.clientId(), StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
                String newAccess = Json.read(refreshed.body(), JsonNode.class).path("access_token").asText();
                assertThat(verify(gw, newAccess).statusCode()).isEqualTo(200);
            }
        }
    }
}
