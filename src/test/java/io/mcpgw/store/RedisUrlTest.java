package io.mcpgw.store;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RedisUrlTest {

    @Test
    void descriptionWhenPasswordInUrlThenSchemeHostPortDatabaseOnly() {
        RedisUrl url = RedisUrl.parse("redis://:topsecret@redis.internal:6380/4", Optional.empty());

        assertThat(url.description()).isEqualTo("redis://redis.internal:6380/4");
        assertThat(new String(url.uri().getPassword())).isEqualTo("topsecret");
    }

    @Test
    void descriptionWhenTlsAndDefaultsThenRedissPort6379Database0() {
        assertThat(RedisUrl.parse("rediss://cache.example", Optional.empty()).description())
                .isEqualTo("rediss://cache.example:6379/0");
    }

    @Test
    void parseWhenSeparatePasswordThenItOverridesUrlUnlessEmpty() {
        assertThat(RedisUrl.parse("redis://:in-url@h:1", Optional.of("separate")).uri().getPassword())
                .containsExactly("separate".toCharArray());
        assertThat(RedisUrl.parse("redis://:in-url@h:1", Optional.of("")).uri().getPassword())
                .containsExactly("in-url".toCharArray());
    }

    @Test
    void redactWhenTextQuotesPasswordThenMasked() {
        RedisUrl url = RedisUrl.parse("redis://h:1", Optional.of("hunter2"));

        assertThat(url.redact("AUTH hunter2 failed; hunter2")).isEqualTo("AUTH *** failed; ***");
        assertThat(RedisUrl.parse("redis://h:1", Optional.empty()).redact("no secret")).isEqualTo("no secret");
    }
}
