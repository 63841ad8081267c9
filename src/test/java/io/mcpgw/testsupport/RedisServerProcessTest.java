package io.mcpgw.testsupport;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisServerProcessTest {

    @Test
    void restartWhenDataWrittenThenSamePortAndDataKept() {
        try (RedisServerProcess redis = RedisServerProcess.create().start()) {
            int port = redis.port();
            redis.execute("SET", "k", "v", "EX", "600");

            redis.restart();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.execute("GET", "k")).isEqualTo("v");
            assertThat(Long.parseLong(redis.execute("TTL", "k"))).isBetween(1L, 600L);
            assertThat(redis.version()).matches("\\d+\\.\\d+\\.\\d+");
        }
    }

    @Test
    void stopWhenStoppedThenRefusesUntilStartedAgain() {
        try (RedisServerProcess redis = RedisServerProcess.create().start()) {
            redis.stop();

            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> redis.execute("PING")).isInstanceOf(UncheckedIOException.class);

            redis.start();
            assertThat(redis.execute("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void withPasswordWhenStartedThenRequiresIt() {
        try (RedisServerProcess redis = RedisServerProcess.withPassword("pw-1234").start()) {
            assertThat(redis.execute("PING")).isEqualTo("PONG");
            assertThat(redis.urlWithPassword()).isEqualTo("redis://:pw-1234@127.0.0.1:" + redis.port());
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThatThrownBy(() -> RedisServerProcess.create().execute("PING")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeWhenDoneThenDirectoryDeleted() {
        RedisServerProcess redis = RedisServerProcess.create().start();
        Path directory = redis.directory();
        assertThat(directory.resolve("redis.log")).exists();

        redis.close();

        assertThat(redis.isRunning()).isFalse();
        assertThat(Files.exists(directory)).isFalse();
    }
}
