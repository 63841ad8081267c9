package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GATEWAY_INTERNAL_URL} and {@code GATEWAY_CLUSTER_SECRET} (scale-out), and the Redis Sentinel and Cluster forms of
 * {@code REDIS_URL}: accepted forms, and the bad inputs each named in one start-up message without the secret.
 */
class ScaleOutSettingsTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef-cluster";
    static final String REDIS = "redis-sentinel://10.0.0.1:26379,10.0.0.2,10.0.0.3:26380/2#gatewaymaster";

    @TempDir
    Path workingDir;

    GatewaySettings load(Map<String, String> env) {
        return SettingsLoader.load(env, workingDir);
    }

    String problems(Map<String, String> env) {
        return catchThrowableOfType(InvalidSettingsException.class, () -> load(env)).getMessage();
    }

    Map<String, String> scaled(String url, String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_URL", REDIS);
        env.put("GATEWAY_INTERNAL_URL", url);
        env.put("GATEWAY_CLUSTER_SECRET", secret);
        return env;
    }

    @Test
    void unsetMeansOneProcessWithoutOwnerRecords() {
        assertThat(load(Map.of()).scaleOut()).isEmpty();
    }

    @Test
    void urlAndSecretTogetherMakeAMemberAndTheSecretNeverShows() {
        GatewaySettings settings = load(scaled("http://10.0.3.7:8080/", SECRET));
        assertThat(settings.scaleOut()).isPresent();
        assertThat(settings.scaleOut().get().internalUrl()).isEqualTo("http://10.0.3.7:8080");
        assertThat(new String(settings.scaleOut().get().secret())).isEqualTo(SECRET);
        assertThat(settings.toString()).contains("internalUrl=http://10.0.3.7:8080").doesNotContain(SECRET);
    }

    @Test
    void theSecretMayComeFromAFile() throws Exception {
        Path file = workingDir.resolve("cluster-secret");
        Files.writeString(file, SECRET + "\n");
        Map<String, String> env = scaled("http://gateway-0.gateway:8080", SECRET);
        env.remove("GATEWAY_CLUSTER_SECRET");
        env.put("GATEWAY_CLUSTER_SECRET_FILE", file.toString());
        assertThat(new String(load(env).scaleOut().orElseThrow().secret())).isEqualTo(SECRET);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://10.0.3.7:8080/mcp | must not have a path",
            "http://10.0.3.7 | must name the port",
            "ftp://10.0.3.7:21 | ",
            "10.0.3.7:8080 | ",
            "http://user:pw@10.0.3.7:8080 | ",
            "http://10.0.3.7:8080?x=1 | "})
    void aBadInternalUrlIsNamed(String url, String reason) {
        String message = problems(scaled(url, SECRET));
        assertThat(message).contains("GATEWAY_INTERNAL_URL");
        if (reason != null) {
            assertThat(message).contains(reason);
        }
    }

    @Test
    void everyScaleOutProblemIsListedAtOnceWithoutTheSecret() {
        String shortSecret = "too-short-secret";
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_INTERNAL_URL", "http://10.0.3.7");
        env.put("GATEWAY_CLUSTER_SECRET", shortSecret);
        String message = problems(env);
        assertThat(message).contains("GATEWAY_INTERNAL_URL").contains("must name the port")
                .contains("GATEWAY_CLUSTER_SECRET").contains("too short").doesNotContain(shortSecret);
    }

    @Test
    void oneWithoutTheOtherIsRefused() {
        assertThat(problems(Map.of("REDIS_URL", REDIS, "GATEWAY_INTERNAL_URL", "http://10.0.3.7:8080")))
                .contains("GATEWAY_CLUSTER_SECRET").contains("must be set when GATEWAY_INTERNAL_URL is set");
        assertThat(problems(Map.of("REDIS_URL", REDIS, "GATEWAY_CLUSTER_SECRET", SECRET)))
                .contains("GATEWAY_INTERNAL_URL").contains("must be set when GATEWAY_CLUSTER_SECRET is set")
                .doesNotContain(SECRET);
    }

    @Test
    void ownerRecordsNeedTheSharedStoreAndARoleThatRunsServices() {
        Map<String, String> noRedis = scaled("http://10.0.3.7:8080", SECRET);
        noRedis.remove("REDIS_URL");
        assertThat(problems(noRedis)).contains(SettingsLoader.SCALE_OUT_NEEDS_REDIS);
        Map<String, String> auth = scaled("http://10.0.3.7:8080", SECRET);
        auth.put("GATEWAY_ROLE", "auth");
        assertThat(problems(auth)).contains("only applies to the roles that run MCP services");
    }

    // ---------------------------------------------------------------- REDIS_URL, Sentinel form

    @Test
    void sentinelUrlsNameEverySentinelWithItsPortTheDatabaseAndTheMaster() {
        RedisUrl url = RedisUrl.parse("redis-sentinel://:pa%40ss@s1,s2:26380,[::1]/3#gatewaymaster");
        assertThat(url.sentinel()).isTrue();
        assertThat(url.url()).isEqualTo("redis-sentinel://s1:26379,s2:26380,[::1]:26379/3#gatewaymaster");
        assertThat(url.password()).contains("pa@ss");
        assertThat(url.toString()).doesNotContain("pa@ss");
        assertThat(RedisUrl.parse("redis://redis:6379").sentinel()).isFalse();
        assertThat(load(Map.of("REDIS_URL", REDIS)).redis().orElseThrow().url())
                .isEqualTo("redis-sentinel://10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26380/2#gatewaymaster");
    }

    @Test
    void clusterUrlsNameTheSeedNodesWithTheirPorts() {
        RedisUrl url = RedisUrl.parse("redis-cluster://user:pw@n1,n2:7001,[::1]:7002");
        assertThat(url.cluster()).isTrue();
        assertThat(url.sentinel()).isFalse();
        assertThat(url.url()).isEqualTo("redis-cluster://n1:6379,n2:7001,[::1]:7002");
        assertThat(url.username()).contains("user");
        assertThat(url.password()).contains("pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "redis-sentinel://s1:26379",                 // no master name
            "redis-sentinel://s1:26379#",                // empty master name
            "redis-sentinel://s1:26379#bad name",        // space in the name
            "redis-sentinel://s1:26379,#m",              // empty sentinel
            "redis-sentinel://s1:99999#m",               // port out of range
            "redis-sentinel://s1:26379/16#m",            // database out of range
            "redis-sentinel://s1:26379?x=1#m",           // query
            "sentinel://s1:26379#m",                     // unknown scheme
            "redis-cluster://n1:7000,n2:7001/1",         // Redis Cluster has database 0 only
            "redis-cluster://n1:7000,,n2:7001"})         // empty cluster node
    void badSentinelUrlsAreRefusedWithoutQuotingThePassword(String value) {
        String withPassword = value.replace("://", "://:hunter2-secret@");
        assertThatThrownBy(() -> RedisUrl.parse(withPassword)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-secret"));
        assertThat(problems(Map.of("REDIS_URL", withPassword))).contains("REDIS_URL").doesNotContain("hunter2-secret");
    }
}
