package io.mcpgw.store;

import io.mcpgw.testsupport.RedisServerProcess;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** The contract on {@link RedisStateStore} against a real redis-server, plus outage, restart and auth behaviour. */
class RedisStateStoreTest extends StateStoreContract {

    private static final String SECRET = "s3cret-Pa55word";
    /** Brief's bound for any failure; commands rejected while disconnected must beat the 2 s command timeout. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(3);
    private static final Duration REJECTED_AT_ONCE = Duration.ofSeconds(1);

    @RegisterExtension
    static final RedisServerProcess REDIS = RedisServerProcess.create();

    @Override
    protected StateStore newStore() {
        return new RedisStateStore(REDIS.url(), Optional.empty());
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofMillis(600); // long enough that no pause of a loaded machine between two calls outlives it
    }

    @Override
    protected void letTimePass(Duration time) {
        // Redis keeps real time; callers wait for the effect with Awaitility.
    }

    @Test
    void storeWhenRedisRestartsThenRecoversByItselfWithKeysAndTtlsKept() {
        store.put(ns + "code", "grant", Duration.ofSeconds(120));
        store.putEternal(ns + "client", "{\"id\":1}");
        store.addToSet(ns + "sessions", "s1", Duration.ofSeconds(120));
        store.increment(ns + "rate", Duration.ofSeconds(120));

        REDIS.restart();
        long restarted = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .ignoreException(StoreUnavailableException.class)
                .untilAsserted(() -> store.put(ns + "probe", "up", Duration.ofSeconds(60)));
        System.out.printf("redis %s: same store instance usable %.0f ms after the restarted server answered PING%n",
                REDIS.version(), (System.nanoTime() - restarted) / 1e6);

        assertThat(store.get(ns + "code")).contains("grant");
        assertThat(store.ttl(ns + "code")).hasValueSatisfying(
                ttl -> assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(120)));
        assertThat(store.ttl(ns + "client")).contains(StateStore.ETERNAL);
        assertThat(store.members(ns + "sessions")).containsExactly("s1");
        assertThat(store.ttl(ns + "sessions")).hasValueSatisfying(
                ttl -> assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(120)));
        assertThat(store.increment(ns + "rate", Duration.ofSeconds(120))).as("script cache was lost").isEqualTo(2);
        assertThat(store.ttl(ns + "rate")).hasValueSatisfying(
                ttl -> assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(120)));
    }

    @Test
    void everyOperationWhenRedisDownThenFailsFastWithoutPasswordAndRecoversAfter() {
        try (RedisServerProcess secured = RedisServerProcess.withPassword(SECRET).start();
             StateStore secure = new RedisStateStore(secured.urlWithPassword(), Optional.empty())) {
            secure.put(ns + "kept", "v", Duration.ofSeconds(120));

            secured.stop();

            Map<String, ThrowingCallable> operations = new LinkedHashMap<>();
            operations.put("put", () -> secure.put(ns + "k", "v", Duration.ofSeconds(1)));
            operations.put("putEternal", () -> secure.putEternal(ns + "k", "v"));
            operations.put("putIfAbsent", () -> secure.putIfAbsent(ns + "k", "v", Duration.ofSeconds(1)));
            operations.put("get", () -> secure.get(ns + "kept"));
            operations.put("take", () -> secure.take(ns + "kept"));
            operations.put("delete", () -> secure.delete(ns + "kept"));
            operations.put("increment", () -> secure.increment(ns + "rate", Duration.ofSeconds(1)));
            operations.put("addToSet", () -> secure.addToSet(ns + "set", "m", Duration.ofSeconds(1)));
            operations.put("removeFromSet", () -> secure.removeFromSet(ns + "set", "m"));
            operations.put("members", () -> secure.members(ns + "set"));
            operations.put("ttl", () -> secure.ttl(ns + "kept"));
            operations.put("keys", () -> secure.keys(ns));
            operations.put("checkRoundTrip", secure::checkRoundTrip);
            operations.put("writeAll", () -> secure.writeAll(List.of(StoreWrite.put(ns + "k", "v", Duration.ofSeconds(1)),
                    StoreWrite.addToSet(ns + "set", "m", Duration.ofSeconds(1)))));
            operations.put("getAll", () -> secure.getAll(List.of(ns + "kept", ns + "k")));
            Map<String, Duration> durations = new LinkedHashMap<>();
            operations.forEach((name, operation) -> {
                long started = System.nanoTime();
                Throwable thrown = catchThrowable(operation);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                durations.put(name, took);

                assertThat(thrown).as(name).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining(secured.url().substring("redis://".length()));
                assertThat(took).as(name + " duration").isLessThan(REJECTED_AT_ONCE);
                assertNoSecret(thrown, SECRET);
            });
            System.out.println("while Redis is down, each operation failed after: " + durations);
            assertThat(catchThrowable(secure::checkRoundTrip)).hasMessageStartingWith("state store round trip failed: ");

            secured.start();
            await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .ignoreException(StoreUnavailableException.class)
                    .untilAsserted(() -> assertThat(secure.get(ns + "kept")).contains("v"));
        }
    }

    @Test
    void batchWhenServerLostItsScriptsThenAppliedWriteByWrite() {
        store.addToSet(ns + "warm", "m", Duration.ofSeconds(60)); // the script is cached, then the cache is lost
        REDIS.execute("SCRIPT", "FLUSH");

        store.writeAll(List.of(StoreWrite.addToSet(ns + "set", "a", Duration.ofSeconds(60)),
                StoreWrite.put(ns + "k", "v", Duration.ofSeconds(60))));

        assertThat(store.members(ns + "set")).containsExactly("a");
        assertThat(store.get(ns + "k")).contains("v");
    }

    @Test
    void takeAndWriteWhenServerLostItsScriptsThenTakenOnceAndWritesAppliedWriteByWrite() {
        store.addToSet(ns + "warm", "m", Duration.ofSeconds(60));
        REDIS.execute("SCRIPT", "FLUSH");
        store.put(ns + "token", "record", Duration.ofSeconds(60));

        assertThat(store.takeAndWrite(ns + "token", List.of(StoreWrite.addToSet(ns + "set", "a", Duration.ofSeconds(60)),
                StoreWrite.put(ns + "used", "g", Duration.ofSeconds(60))))).contains("record");

        assertThat(store.get(ns + "token")).isEmpty();
        assertThat(store.members(ns + "set")).containsExactly("a");
        assertThat(store.get(ns + "used")).contains("g");
    }

    @Test
    void commandWhenServerStopsAnsweringThenTimesOutAsUnavailable() {
        REDIS.execute("CLIENT", "PAUSE", "3500", "ALL");

        long started = System.nanoTime();
        Throwable thrown = catchThrowable(() -> store.get(ns + "k"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(thrown).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("timed out");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(FAIL_FAST);
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .ignoreException(StoreUnavailableException.class)
                .untilAsserted(store::checkRoundTrip);
    }

    /** REDIS_PASSWORD is the password "if not in the URL": a password in the URL wins over a separate one. */
    @Test
    void openWhenPasswordInUrlOrSeparateThenAuthenticates() {
        try (RedisServerProcess secured = RedisServerProcess.withPassword(SECRET).start()) {
            String wrongInUrl = "redis://:wrong-password@127.0.0.1:" + secured.port();
            assertThat(catchThrowable(() -> new RedisStateStore(wrongInUrl, Optional.of(SECRET))))
                    .isInstanceOf(StoreUnavailableException.class);
            for (StateStore opened : new StateStore[] {
                    new RedisStateStore(secured.urlWithPassword(), Optional.empty()),
                    new RedisStateStore(secured.url(), Optional.of(SECRET)),
                    new RedisStateStore(secured.urlWithPassword(), Optional.of("wrong-password"))}) {
                try (opened) {
                    opened.checkRoundTrip();
                    assertThat(opened.describe()).isEqualTo("redis://127.0.0.1:" + secured.port() + "/0");
                }
            }
        }
    }

    @Test
    void openWhenPasswordWrongOrMissingThenUnavailableWithoutPassword() {
        String wrong = "wrong-horse-battery";
        try (RedisServerProcess secured = RedisServerProcess.withPassword(SECRET).start()) {
            Throwable viaUrl = catchThrowable(
                    () -> new RedisStateStore("redis://:" + wrong + "@127.0.0.1:" + secured.port(), Optional.empty()));
            Throwable viaOption = catchThrowable(() -> new RedisStateStore(secured.url(), Optional.of(wrong)));
            Throwable without = catchThrowable(() -> new RedisStateStore(secured.url(), Optional.empty()));

            for (Throwable thrown : new Throwable[] {viaUrl, viaOption, without}) {
                assertThat(thrown).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageStartingWith("cannot reach Redis at redis://127.0.0.1:" + secured.port() + "/0: ");
                assertNoSecret(thrown, wrong);
                assertNoSecret(thrown, SECRET);
            }
            assertThat(viaUrl).hasMessageContaining("authentication failed");
        }
    }

    @Test
    void openWhenNothingListensThenFailsFastWithClearMessage() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        long started = System.nanoTime();
        Throwable thrown = catchThrowable(
                () -> new RedisStateStore("redis://:" + SECRET + "@127.0.0.1:" + closedPort + "/2", Optional.empty()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(thrown).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("cannot reach Redis at redis://127.0.0.1:" + closedPort + "/2: connection refused");
        assertThat(took).isLessThan(FAIL_FAST);
        assertNoSecret(thrown, SECRET);
    }

    @Test
    void openWhenPortAcceptsButNeverAnswersThenFailsWithinTimeouts() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();
            Throwable thrown = catchThrowable(() -> new RedisStateStore(
                    "redis://:" + SECRET + "@127.0.0.1:" + silent.getLocalPort(), Optional.empty()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(thrown).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("cannot reach Redis at redis://127.0.0.1:" + silent.getLocalPort() + "/0: ");
            assertThat(took).as("2 s handshake timeout plus slack").isLessThan(Duration.ofSeconds(5));
            assertNoSecret(thrown, SECRET);
            System.out.println("silent port: failed after " + took.toMillis() + " ms with: " + thrown.getMessage());
        }
    }

    @Test
    void describeThenUrlWithoutPassword() {
        try (StateStore withDb = new RedisStateStore(
                "redis://:" + SECRET + "@127.0.0.1:" + REDIS.port() + "/3", Optional.empty())) {
            assertThat(store.describe()).isEqualTo("redis://127.0.0.1:" + REDIS.port() + "/0");
            assertThat(withDb.describe()).isEqualTo("redis://127.0.0.1:" + REDIS.port() + "/3");
        }
    }

    @Test
    void keysWhenDatabaseSelectedThenSeesOnlyThatDatabase() {
        try (StateStore db3 = new RedisStateStore(REDIS.url() + "/3", Optional.empty())) {
            db3.put(ns + "in-db-3", "v", Duration.ofSeconds(60));

            assertThat(db3.keys(ns)).containsExactly(ns + "in-db-3");
            assertThat(store.keys(ns)).isEmpty();
        }
    }

    /** Neither the messages nor the printed stack trace of {@code thrown} and its causes contain {@code secret}. */
    static void assertNoSecret(Throwable thrown, String secret) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).as("stack trace of %s", thrown.getClass().getSimpleName())
                .isNotEmpty()
                .doesNotContain(secret);
    }
}
