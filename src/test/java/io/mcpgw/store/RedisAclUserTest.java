package io.mcpgw.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ACL user of {@code REDIS_URL} ({@code redis://user:password@host}) is the user the store authenticates as:
 * from the environment text through the settings to a real redis-server where that user exists (and may only touch
 * the gateway's keys) while the default user has another password.
 */
class RedisAclUserTest {
    static final String DEFAULT_PASSWORD = "default-pass-61";
    static final String GATEWAY_PASSWORD = "gw-pass-7%/x";
    static RedisServerProcess redis;

    @BeforeAll
    static void redisWithAnAclUser() {
        redis = RedisServerProcess.withPassword(DEFAULT_PASSWORD).start();
        redis.execute("ACL", "SETUSER", "gateway", "on", ">" + GATEWAY_PASSWORD, "~oauth:*", "~mcp:*", "~gateway:*",
                "+@all");
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static StateStore open(String redisUrl) {
        GatewaySettings settings = SettingsLoader.load(Map.of("REDIS_URL", redisUrl));
        return StateStores.open(settings.redis().map(GatewaySettings.Redis::connection));
    }

    @Test
    void theStoreConnectsAsTheUserNamedInRedisUrl() {
        try (StateStore store = open("redis://gateway:gw-pass-7%25%2Fx@127.0.0.1:" + redis.port())) {
            store.checkRoundTrip();
            store.put("oauth:acl-probe", "v", Duration.ofMinutes(1));
            assertThat(store.get("oauth:acl-probe")).contains("v");
            assertThat(redis.execute("CLIENT", "LIST")).contains("user=gateway");
        }
    }

    /** Bad inputs: the user's password for the default user, and a wrong password for the user. */
    @Test
    void withoutTheUserOrWithAWrongPasswordTheStoreDoesNotOpenAndNamesNoSecret() {
        Throwable noUser = catchThrowable(() -> open("redis://:gw-pass-7%25%2Fx@127.0.0.1:" + redis.port()));
        Throwable wrong = catchThrowable(() -> open("redis://gateway:not-it-93@127.0.0.1:" + redis.port()));

        for (Throwable thrown : new Throwable[] {noUser, wrong}) {
            assertThat(thrown).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("cannot reach Redis at redis://127.0.0.1:" + redis.port() + "/0: ");
            assertThat(thrown.getMessage()).doesNotContain(GATEWAY_PASSWORD, "not-it-93", DEFAULT_PASSWORD);
        }
    }
}
