package io.mcpgw.store;

import io.mcpgw.testsupport.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateStoresTest {

    @RegisterExtension
    static final RedisServerProcess REDIS = RedisServerProcess.create();

    @Test
    void openWhenUrlAbsentOrBlankThenMemory() {
        try (StateStore absent = StateStores.open(Optional.empty(), Optional.of("ignored"));
             StateStore blank = StateStores.open(Optional.of("  "), Optional.empty())) {
            assertThat(absent).isInstanceOf(MemoryStateStore.class);
            assertThat(blank).isInstanceOf(MemoryStateStore.class);
        }
    }

    @Test
    void openWhenUrlGivenThenRedisThatWorks() {
        try (StateStore store = StateStores.open(Optional.of(REDIS.url() + "/1"), Optional.empty())) {
            assertThat(store).isInstanceOf(RedisStateStore.class);
            assertThat(store.describe()).isEqualTo("redis://127.0.0.1:" + REDIS.port() + "/1");
            store.checkRoundTrip();
        }
    }

    @Test
    void openWhenUrlNotRedisThenRejectedWithoutPassword() {
        assertThatThrownBy(() -> StateStores.open(Optional.of("http://:pw-in-url@127.0.0.1:6379"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must start with redis://, rediss://, redis-sentinel:// or redis-cluster://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://:pw-in-url@127.0.0.1:port", "redis://:pw-in-url@127.0.0.1:6379/zero",
            "redis://:pw-in-url@:6379", "redis://:pw-in-url@127.0.0.1:99999", "redis://:pw-in-url@bad host:6379"})
    void openWhenUrlMalformedThenRejectedWithoutPassword(String url) {
        assertThatThrownBy(() -> StateStores.open(Optional.of(url), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasNoCause()
                .message().isNotBlank().doesNotContain("pw-in-url");
    }
}
