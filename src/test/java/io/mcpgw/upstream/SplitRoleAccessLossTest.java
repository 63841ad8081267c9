package io.mcpgw.upstream;

import static io.mcpgw.upstream.UpstreamFlow.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.GitHubStandIn;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RedisServerProcess;
import io.mcpgw.testsupport.RequiresProgram;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The split deployment (an {@code auth} and a {@code services} gateway on one Redis with the compose file's limited
 * Redis users): the authorization server's re-check finds a user removed from the GitHub organization, and the
 * services gateway, which holds the user's live MCP session and child, ends it from the revocation marker it may read.
 */
@RequiresProgram(OptionalProgram.REDIS_7)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SplitRoleAccessLossTest {
    @RegisterExtension
    static final RedisServerProcess REDIS = RedisServerProcess.withPassword("split-admin-secret");
    static final String AUTH_PASSWORD = "split-auth-secret";
    static final String SERVICES_PASSWORD = "split-services-secret";
    /** The path form of the service's resource (the host form needs a Host header the JDK client cannot set). */
    static final String RESOURCE = "https://auth.example.test/everything/mcp";
    GitHubStandIn github;
    InProcessGateway auth;
    InProcessGateway services;

    @BeforeAll
    void start() throws Exception {
        loadComposeUsers();
        github = new GitHubStandIn("gh-id", "gh-secret");
        github.member("acme", "splitter");
        String host = "127.0.0.1:" + REDIS.port() + "/0";
        Map<String, String> authEnv = new java.util.HashMap<>(Map.of("GATEWAY_ROLE", "auth",
                "REDIS_URL", "redis://auth:@" + host, "REDIS_PASSWORD", AUTH_PASSWORD, "BASE_DOMAIN", "example.test",
                "REGISTER_RATE_LIMIT", "0", "ENTITLEMENT_RECHECK", "2"));
        authEnv.putAll(Map.of("GITHUB_CLIENT_ID", "gh-id", "GITHUB_CLIENT_SECRET", "gh-secret",
                "GITHUB_OAUTH_URL", github.url(), "GITHUB_API_URL", github.url(), "ALLOWED_GITHUB_ORGS", "acme"));
        auth = InProcessGateway.start(authEnv);
        services = InProcessGateway.start(Map.of("GATEWAY_ROLE", "services", "REDIS_URL", "redis://services:@" + host,
                "REDIS_PASSWORD", SERVICES_PASSWORD, "BASE_DOMAIN", "example.test", "GATEWAY_SERVICES", "everything",
                "ENTITLEMENT_RECHECK", "2"));
        auth.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        services.bean("resourceCatalog", ResourceCatalog.class).register("everything");
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {services, auth, github}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    static void loadComposeUsers() throws Exception {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> admin = client.connect(StringCodec.UTF8,
                RedisURI.create("redis://:split-admin-secret@127.0.0.1:" + REDIS.port() + "/0"))) {
            for (String line : Files.readAllLines(Path.of("compose/redis/users.acl.template"))) {
                if (!line.startsWith("user ") || line.startsWith("user default ")) {
                    continue;
                }
                String rules = line.replace("{{auth}}", sha256(AUTH_PASSWORD)).replace("{{services}}", sha256(SERVICES_PASSWORD));
                CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER");
                for (String word : rules.substring("user ".length()).split(" +")) {
                    args.add(word);
                }
                admin.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
            }
        } finally {
            client.shutdown();
        }
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> mcpOnServices(String accessToken, String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(services.uri("/everything/mcp")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + accessToken).POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return UpstreamFlow.MCP_HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aUserRemovedFromTheOrganizationLosesTheSessionOnTheServicesGateway() throws Exception {
        github.signedInAs(new GitHubStandIn.User(777, "splitter", "Splitter", "s@example.com", "s@example.com"));
        UpstreamFlow flow = new UpstreamFlow(auth, RESOURCE);
        String toGitHub = flow.approve();
        URI callback = URI.create(flow.browser.get(URI.create(toGitHub)).headers().firstValue("Location").orElseThrow());
        Map<String, String> q = UpstreamFlow.clientRedirect(
                flow.browser.get(auth.uri(callback.getRawPath() + "?" + callback.getRawQuery())));
        HttpResponse<String> token = flow.redeem(q.get("code"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String access = json(token).path("access_token").asText();

        HttpResponse<String> init = mcpOnServices(access, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"split-test\",\"version\":\"1\"}}}");
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        SessionRegistry sessions = services.bean("mcpSessions", SessionRegistry.class);
        assertThat(sessions.count("777", null)).isEqualTo(1);

        github.removeMember("acme", "splitter");
        long removed = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> sessions.count("777", null) == 0);
        long endedMillis = (System.nanoTime() - removed) / 1_000_000;
        System.out.println("MEASURED split roles, github org removal to session end on the services gateway: "
                + endedMillis + " ms (ENTITLEMENT_RECHECK=2 s)");
        assertThat(endedMillis).isLessThan(2000L + 1000L + 5000L);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(mcpOnServices(access, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                .statusCode()).isIn(401, 404);
    }
}
