package io.mcpgw.role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.mcpgw.admin.AdminLauncher;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.mcpgw.access.AccessDecision;
import io.mcpgw.access.AccessGuard;
import io.mcpgw.access.AccessRequest;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RedisServerProcess;
import io.mcpgw.testsupport.RequiresProgram;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The split deployment with the Redis users of {@code compose/redis/users.acl.template} (loaded into a real
 * redis-server): the services role, connected as the limited {@code services} user and without any private key,
 * verifies tokens the auth role minted, sees their revocation and a key rotation — and that user cannot read the
 * private signing keys or any other authorization-server record, nor write a token record.
 */
@RequiresProgram(OptionalProgram.REDIS_7)
class ServicesRoleRedisAclTest {
    @RegisterExtension
    static final RedisServerProcess REDIS = RedisServerProcess.withPassword("acl-admin-secret");
    static final String AUTH_PASSWORD = "auth-user-secret";
    static final String SERVICES_PASSWORD = "services-user-secret";
    static final String RESOURCE = "https://mcp-everything.example.test/mcp";
    static InProcessGateway auth;
    static InProcessGateway services;
    static RedisClient redisClient;

    @BeforeAll
    static void start() throws Exception {
        loadComposeUsers();
        String host = "127.0.0.1:" + REDIS.port() + "/0";
        auth = InProcessGateway.start(Map.of("GATEWAY_ROLE", "auth", "REDIS_URL", "redis://auth:@" + host,
                "REDIS_PASSWORD", AUTH_PASSWORD, "BASE_DOMAIN", "example.test", "REGISTER_RATE_LIMIT", "0"));
        services = InProcessGateway.start(Map.of("GATEWAY_ROLE", "services", "REDIS_URL", "redis://services:@" + host,
                "REDIS_PASSWORD", SERVICES_PASSWORD, "BASE_DOMAIN", "example.test", "GATEWAY_SERVICES", "everything"));
        auth.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        services.bean("resourceCatalog", ResourceCatalog.class).register("everything");
    }

    @AfterAll
    static void stop() {
        for (InProcessGateway gw : new InProcessGateway[] {services, auth}) {
            if (gw != null) {
                gw.close();
            }
        }
        if (redisClient != null) {
            redisClient.shutdown();
        }
    }

    /** Applies every {@code user} line of the compose template except {@code default} (the test server's admin). */
    static void loadComposeUsers() throws Exception {
        redisClient = RedisClient.create();
        try (StatefulRedisConnection<String, String> admin = redisClient.connect(StringCodec.UTF8,
                RedisURI.create("redis://:" + "acl-admin-secret" + "@127.0.0.1:" + REDIS.port() + "/0"))) {
            for (String line : Files.readAllLines(Path.of("compose/redis/users.acl.template"))) {
                if (!line.startsWith("user ") || line.startsWith("user default ")) {
                    continue;
                }
                String rules = line.replace("{{auth}}", sha256(AUTH_PASSWORD))
                        .replace("{{services}}", sha256(SERVICES_PASSWORD));
                CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER");
                for (String word : rules.substring("user ".length()).split(" +")) {
                    args.add(word);
                }
                assertThat(admin.sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args))
                        .isEqualTo("OK");
            }
        }
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static StatefulRedisConnection<String, String> as(String user, String password) {
        return redisClient.connect(StringCodec.UTF8, RedisURI.builder().withHost("127.0.0.1").withPort(REDIS.port())
                .withAuthentication(user, password).build());
    }

    AccessDecision checkOnServices(String token) {
        return services.bean("accessGuard", AccessGuard.class)
                .check(new AccessRequest("everything", RESOURCE, "Bearer " + token, "application/json"));
    }

    @Test
    void theServicesRoleVerifiesTokensAndSeesRevocationAsTheLimitedUser() throws Exception {
        DevLoginClient client = new DevLoginClient("http://127.0.0.1:" + auth.port());
        DevLoginClient.Tokens tokens = client.login("alice", RESOURCE, null);

        assertThat(checkOnServices(tokens.accessToken())).isInstanceOfSatisfying(AccessDecision.Allowed.class,
                allowed -> assertThat(allowed.username()).isEqualTo("alice"));
        assertThat(client.revoke(tokens.refreshToken())).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(checkOnServices(tokens.accessToken())).isInstanceOf(AccessDecision.Denied.class));

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(services.uri("/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    }

    @Test
    void anOperatorsRevokeUserReachesTheServicesRoleAsTheLimitedUser() {
        DevLoginClient.Tokens tokens = new DevLoginClient("http://127.0.0.1:" + auth.port()).login("dave", RESOURCE,
                null);
        assertThat(checkOnServices(tokens.accessToken())).isInstanceOf(AccessDecision.Allowed.class);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // the operator runs the admin command where the auth role runs, with its Redis user
        int exit = AdminLauncher.run(auth.settings(), new String[] {"revoke", "--user", "local-dave"},
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));

        assertThat(exit).as(err.toString()).isZero();
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(checkOnServices(tokens.accessToken())).isInstanceOf(AccessDecision.Denied.class));
    }

    @Test
    void aRotatedKeyIsPickedUpByTheServicesRoleFromThePublicSet() {
        SigningKeys keys = auth.bean("signingKeys", SigningKeys.class);
        String rotated = keys.rotate().getKeyID();
        DevLoginClient.Tokens tokens = new DevLoginClient("http://127.0.0.1:" + auth.port()).login("bob", RESOURCE, null);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(checkOnServices(tokens.accessToken())).isInstanceOf(AccessDecision.Allowed.class));
        assertThat(services.bean("signingKeys", SigningKeys.class).verificationKey(rotated))
                .hasValueSatisfying(k -> assertThat(k.isPrivate()).isFalse());
    }

    @Test
    void theServicesUserCannotReadPrivateKeysOrAuthorizationRecordsNorWriteTokens() {
        new DevLoginClient("http://127.0.0.1:" + auth.port()).login("carol", RESOURCE, null); // records exist
        try (StatefulRedisConnection<String, String> c = as("services", SERVICES_PASSWORD);
             StatefulRedisConnection<String, String> a = as("auth", AUTH_PASSWORD);
             StatefulRedisConnection<String, String> admin = as("default", "acl-admin-secret")) {
            RedisCommands<String, String> svc = c.sync();
            RedisCommands<String, String> authUser = a.sync();
            assertThat(authUser.get(SigningKeys.PRIVATE_KEYS)).contains("\"d\"");
            assertThat(svc.get(SigningKeys.PUBLIC_KEYS)).contains("\"n\"").doesNotContain("\"d\"");

            String anyClient = admin.sync().keys("oauth:client:*").get(0);
            String anyGrant = admin.sync().keys("oauth:grant:*").get(0);
            String anyToken = admin.sync().keys("oauth:token:*").get(0);
            assertThat(svc.get(anyToken)).isNotNull();
            for (String key : List.of(SigningKeys.PRIVATE_KEYS, anyClient, anyGrant, "oauth:refresh:x", "oauth:code:x")) {
                assertThatThrownBy(() -> svc.get(key)).as(key).hasMessageContaining("NOPERM");
            }
            assertThatThrownBy(() -> svc.set("oauth:token:forged", "{}")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> svc.del(anyToken)).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> svc.set(SigningKeys.PUBLIC_KEYS, "[]")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> svc.keys("*")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> svc.set("oauth:user_revoked:local-carol", "0")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> svc.del("oauth:user_revocation_epoch")).hasMessageContaining("NOPERM");
            assertThat(svc.set("oauth:mcp_session:probe", "{}")).isEqualTo("OK");
            assertThat(svc.del("oauth:mcp_session:probe")).isEqualTo(1);
            assertThat(svc.get(anyToken)).isNotNull();
        }
        // the wrong password is refused
        assertThatThrownBy(() -> as("services", "wrong").sync().ping()).isInstanceOf(RuntimeException.class);
    }
}
