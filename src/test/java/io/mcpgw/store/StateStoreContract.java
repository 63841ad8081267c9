package io.mcpgw.store;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link StateStore} shares; each implementation runs it through a subclass.
 *
 * <p>Every test writes under its own random namespace, so subclasses may share one server between tests.
 */
abstract class StateStoreContract {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final int THREADS = 50;
    private static final int ROUNDS = 20;

    protected StateStore store;
    protected String ns;

    /** A new store on the implementation's backend. */
    protected abstract StateStore newStore();

    /** A TTL short enough to wait out in expiry tests. */
    protected abstract Duration shortTtl();

    /** Lets {@code time} pass for the store: advances a fake clock, or nothing where the clock is real. */
    protected abstract void letTimePass(Duration time);

    @BeforeEach
    void openStore() {
        store = newStore();
        ns = "contract:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Polls quickly for up to 5 s: immediate for a fake clock, the TTL's worth of wall time for Redis. */
    protected static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }

    @Test
    void writeAllWhenMixedWritesThenEachAppliedWithItsOwnRules() {
        store.put(ns + "old", "x", LONG);
        store.addToSet(ns + "set", "stale", LONG);

        store.writeAll(List.of(
                StoreWrite.put(ns + "k", "v", LONG),
                StoreWrite.addToSet(ns + "set", "a", LONG),
                StoreWrite.addToSet(ns + "set", "b", shortTtl()),
                StoreWrite.removeFromSet(ns + "set", "stale"),
                StoreWrite.expire(ns + "old", shortTtl()),
                StoreWrite.expire(ns + "missing", LONG),
                StoreWrite.put(ns + "k", "last wins", LONG)));

        assertThat(store.get(ns + "k")).contains("last wins");
        assertThat(store.members(ns + "set")).containsExactlyInAnyOrder("a", "b");
        assertThat(store.ttl(ns + "set").orElseThrow()).as("a shorter TTL never shortens a set's")
                .isGreaterThan(shortTtl());
        assertThat(store.ttl(ns + "old").orElseThrow()).isLessThanOrEqualTo(shortTtl());
        assertThat(store.get(ns + "missing")).as("expire leaves a missing key missing").isEmpty();
        store.writeAll(List.of());
    }

    @Test
    void writeAllWhenAWriteIsMalformedThenNothingIsWritten() {
        assertThatThrownBy(() -> store.writeAll(List.of(StoreWrite.put(ns + "a", "1", LONG),
                StoreWrite.put(ns + "b", null, LONG)))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.writeAll(List.of(StoreWrite.put(ns + "a", "1", LONG),
                StoreWrite.addToSet(ns + "s", "m", Duration.ZERO)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.get(ns + "a")).isEmpty();
    }

    @Test
    void takeAndWriteWhenKeyPresentThenTakenOnceAndWritesApplied() {
        store.put(ns + "token", "record", LONG);
        store.addToSet(ns + "tokens", "rt:1", LONG);

        assertThat(store.takeAndWrite(ns + "token", List.of(StoreWrite.put(ns + "used", "grant", LONG),
                StoreWrite.removeFromSet(ns + "tokens", "rt:1")))).contains("record");

        assertThat(store.get(ns + "token")).as("taken").isEmpty();
        assertThat(store.get(ns + "used")).contains("grant");
        assertThat(store.members(ns + "tokens")).isEmpty();
        assertThat(store.takeAndWrite(ns + "token", List.of())).as("a second take finds nothing").isEmpty();
    }

    @Test
    void takeAndWriteWhenKeyMissingThenEmptyAndWritesAppliedAnyway() {
        assertThat(store.takeAndWrite(ns + "gone", List.of(StoreWrite.put(ns + "used", "grant", LONG),
                StoreWrite.addToSet(ns + "set", "m", LONG)))).isEmpty();

        assertThat(store.get(ns + "used")).contains("grant");
        assertThat(store.members(ns + "set")).containsExactly("m");
    }

    @Test
    void takeAndWriteWhenManyTakeConcurrentlyThenExactlyOneGetsTheValue() throws Exception {
        store.put(ns + "once", "v", LONG);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Optional<String>>> takes = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                takes.add(pool.submit(() -> store.takeAndWrite(ns + "once",
                        List.of(StoreWrite.put(ns + "marker", "m", LONG)))));
            }
            int winners = 0;
            for (java.util.concurrent.Future<Optional<String>> take : takes) {
                winners += take.get(10, java.util.concurrent.TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(store.get(ns + "marker")).contains("m");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void getAllWhenSomePresentThenValuesInOrder() {
        store.put(ns + "a", "1", LONG);
        store.put(ns + "c", "3", LONG);

        assertThat(store.getAll(List.of(ns + "a", ns + "b", ns + "c", ns + "a")))
                .containsExactly(Optional.of("1"), Optional.empty(), Optional.of("3"), Optional.of("1"));
        assertThat(store.getAll(List.of())).isEmpty();
    }

    @Test
    void getWhenPutThenReturnsValue() {
        store.put(ns + "k", "v", LONG);

        assertThat(store.get(ns + "k")).contains("v");
        assertThat(store.get(ns + "missing")).isEmpty();
    }

    @Test
    void putWhenKeyExistsThenReplacesValueAndTtl() {
        store.put(ns + "k", "first", LONG);
        store.put(ns + "k", "second", LONG.multipliedBy(10));

        assertThat(store.get(ns + "k")).contains("second");
        assertThat(store.ttl(ns + "k")).hasValueSatisfying(ttl -> assertThat(ttl).isGreaterThan(LONG));
    }

    @Test
    void getWhenTtlPassedThenKeyIsGoneEverywhere() {
        store.put(ns + "short", "v", shortTtl());
        store.put(ns + "long", "v", LONG);

        letTimePass(shortTtl());

        eventually().untilAsserted(() -> assertThat(store.get(ns + "short")).isEmpty());
        assertThat(store.ttl(ns + "short")).isEmpty();
        assertThat(store.take(ns + "short")).isEmpty();
        assertThat(store.delete(ns + "short")).isFalse();
        assertThat(store.keys(ns)).containsExactly(ns + "long");
    }

    @Test
    void ttlWhenPutThenRemainingTimeWithinTtl() {
        store.put(ns + "k", "v", LONG);

        assertThat(store.ttl(ns + "k")).hasValueSatisfying(
                ttl -> assertThat(ttl).isGreaterThan(LONG.minusSeconds(10)).isLessThanOrEqualTo(LONG));
    }

    @Test
    void ttlWhenFractionalSecondsThenNotTruncated() {
        Duration ttl = Duration.ofMillis(30_900);
        store.put(ns + "k", "v", ttl);

        assertThat(store.ttl(ns + "k")).hasValueSatisfying(
                remaining -> assertThat(remaining).isGreaterThan(Duration.ofMillis(30_000)).isLessThanOrEqualTo(ttl));
    }

    @Test
    void ttlWhenPutEternalThenEternalAndNeverExpires() {
        store.putEternal(ns + "k", "v");

        letTimePass(Duration.ofDays(3650));

        assertThat(store.ttl(ns + "k")).contains(StateStore.ETERNAL);
        assertThat(store.get(ns + "k")).contains("v");
    }

    @Test
    void expireWhenPresentThenRestartsTheTtlAndKeepsTheValue() {
        store.put(ns + "k", "v", shortTtl());

        assertThat(store.expire(ns + "k", LONG)).isTrue();
        letTimePass(shortTtl().multipliedBy(2));

        assertThat(store.get(ns + "k")).contains("v");
        assertThat(store.ttl(ns + "k")).hasValueSatisfying(ttl -> assertThat(ttl).isLessThanOrEqualTo(LONG)
                .isGreaterThan(LONG.minusSeconds(10)));
        assertThat(store.expire(ns + "missing", LONG)).isFalse();
        assertThat(store.get(ns + "missing")).isEmpty();
    }

    @Test
    void ttlWhenMissingThenEmpty() {
        assertThat(store.ttl(ns + "missing")).isEmpty();
    }

    @Test
    void putIfAbsentWhenMissingThenStoresElseKeepsExisting() {
        assertThat(store.putIfAbsent(ns + "k", "first", LONG)).isTrue();
        assertThat(store.putIfAbsent(ns + "k", "second", LONG)).isFalse();

        assertThat(store.get(ns + "k")).contains("first");
        assertThat(store.ttl(ns + "k")).hasValueSatisfying(ttl -> assertThat(ttl).isPositive().isLessThanOrEqualTo(LONG));
    }

    @Test
    void putIfAbsentWhenPreviousExpiredThenStores() {
        store.put(ns + "k", "old", shortTtl());
        letTimePass(shortTtl());
        eventually().untilAsserted(() -> assertThat(store.get(ns + "k")).isEmpty());

        assertThat(store.putIfAbsent(ns + "k", "new", LONG)).isTrue();
        assertThat(store.get(ns + "k")).contains("new");
    }

    @Test
    void takeWhenPresentThenReturnsValueOnceThenEmpty() {
        store.put(ns + "code", "grant", LONG);

        assertThat(store.take(ns + "code")).contains("grant");
        assertThat(store.take(ns + "code")).isEmpty();
        assertThat(store.get(ns + "code")).isEmpty();
    }

    @Test
    void takeWhenFiftyThreadsRaceThenExactlyOneWinsEveryRound() throws Exception {
        long slowestRoundNanos = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String key = ns + "code:" + round;
            String value = "{\"round\":" + round + "}";
            store.put(key, value, LONG);

            long started = System.nanoTime();
            List<Optional<String>> results = race(() -> store.take(key));
            slowestRoundNanos = Math.max(slowestRoundNanos, System.nanoTime() - started);

            assertThat(results).filteredOn(Optional::isPresent).as("winners of round %d", round)
                    .containsExactly(Optional.of(value));
            assertThat(store.get(key)).isEmpty();
        }
        System.out.printf("%s: %d rounds of %d concurrent takes, slowest round %.1f ms%n", store.describe(), ROUNDS,
                THREADS, slowestRoundNanos / 1e6);
    }

    @Test
    void putIfAbsentWhenFiftyThreadsRaceThenExactlyOneStoresEveryRound() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String key = ns + "lock:" + round;
            List<String> candidates = new ArrayList<>();
            List<Callable<Optional<String>>> tasks = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String candidate = "holder-" + i;
                candidates.add(candidate);
                tasks.add(() -> store.putIfAbsent(key, candidate, LONG) ? Optional.of(candidate) : Optional.empty());
            }

            List<Optional<String>> results = race(tasks);

            List<Optional<String>> winners = results.stream().filter(Optional::isPresent).toList();
            assertThat(winners).as("winners of round %d", round).hasSize(1);
            assertThat(store.get(key)).isEqualTo(winners.get(0));
        }
    }

    @Test
    void incrementWhenWindowRunsThenCountsAndKeepsFirstWindowThenRestarts() {
        Duration window = shortTtl().multipliedBy(10);
        Duration aQuarterIn = window.minus(window.dividedBy(4));

        assertThat(store.increment(ns + "rate", window)).isEqualTo(1);
        assertThat(store.ttl(ns + "rate")).hasValueSatisfying(
                ttl -> assertThat(ttl).isPositive().isLessThanOrEqualTo(window));

        letTimePass(window.dividedBy(2));
        eventually().untilAsserted(() -> assertThat(store.ttl(ns + "rate").orElseThrow()).isLessThan(aQuarterIn));
        assertThat(store.increment(ns + "rate", window)).isEqualTo(2);
        assertThat(store.ttl(ns + "rate").orElseThrow()).as("window kept, not restarted").isLessThan(aQuarterIn);
        assertThat(store.get(ns + "rate")).contains("2");

        letTimePass(window);
        eventually().untilAsserted(() -> assertThat(store.get(ns + "rate")).isEmpty());
        assertThat(store.increment(ns + "rate", window)).isEqualTo(1);
    }

    @Test
    void incrementWhenFiftyThreadsThenNoIncrementIsLost() throws Exception {
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            tasks.add(() -> {
                long last = 0;
                for (int n = 0; n < ROUNDS; n++) {
                    last = store.increment(ns + "hits", LONG);
                }
                return last;
            });
        }

        race(tasks);

        assertThat(store.get(ns + "hits")).contains(Integer.toString(THREADS * ROUNDS));
    }

    @Test
    void membersWhenAddedAndRemovedThenReflectSetAndLastRemovalDeletesKey() {
        store.addToSet(ns + "set", "a", LONG);
        store.addToSet(ns + "set", "b", LONG);
        store.addToSet(ns + "set", "b", LONG);

        assertThat(store.members(ns + "set")).containsExactlyInAnyOrder("a", "b");

        store.removeFromSet(ns + "set", "a");
        store.removeFromSet(ns + "set", "not-a-member");
        store.removeFromSet(ns + "missing", "a");
        assertThat(store.members(ns + "set")).containsExactly("b");

        store.removeFromSet(ns + "set", "b");
        assertThat(store.members(ns + "set")).isEmpty();
        assertThat(store.ttl(ns + "set")).isEmpty();
        assertThat(store.members(ns + "missing")).isEmpty();
    }

    @Test
    void addToSetWhenLongerTtlThenExtendsExpiryAndShorterNeverShortensIt() {
        store.addToSet(ns + "set", "a", shortTtl());
        store.addToSet(ns + "set", "b", LONG);

        assertThat(store.ttl(ns + "set")).hasValueSatisfying(ttl -> assertThat(ttl).isGreaterThan(LONG.dividedBy(2)));

        store.addToSet(ns + "set", "c", shortTtl());
        letTimePass(shortTtl());

        assertThat(store.ttl(ns + "set")).hasValueSatisfying(ttl -> assertThat(ttl).isGreaterThan(LONG.dividedBy(2)));
        assertThat(store.members(ns + "set")).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void membersWhenSetTtlPassedThenEmpty() {
        store.addToSet(ns + "set", "a", shortTtl());
        assertThat(store.ttl(ns + "set")).hasValueSatisfying(ttl -> assertThat(ttl).isLessThanOrEqualTo(shortTtl()));

        letTimePass(shortTtl());

        eventually().untilAsserted(() -> assertThat(store.members(ns + "set")).isEmpty());
    }

    @Test
    void keysWhenPrefixGivenThenOnlyKeysStartingWithIt() {
        store.put(ns + "client:1", "v", LONG);
        store.putEternal(ns + "client:2", "v");
        store.addToSet(ns + "client:set", "m", LONG);
        store.put(ns + "token:1", "v", LONG);

        assertThat(store.keys(ns + "client:")).containsExactlyInAnyOrder(
                ns + "client:1", ns + "client:2", ns + "client:set");
        assertThat(store.keys(ns + "nothing:")).isEmpty();
    }

    @Test
    void keysWhenPrefixHasGlobCharactersThenMatchesThemLiterally() {
        for (String key : List.of("a*b:1", "a*b:2", "aXb:1", "a?c:1", "abc:1", "[x]:1", "x:1", "back\\slash:1")) {
            store.put(ns + key, "v", LONG);
        }

        assertThat(store.keys(ns + "a*b:")).containsExactlyInAnyOrder(ns + "a*b:1", ns + "a*b:2");
        assertThat(store.keys(ns + "a?c")).containsExactly(ns + "a?c:1");
        assertThat(store.keys(ns + "[x]")).containsExactly(ns + "[x]:1");
        assertThat(store.keys(ns + "back\\")).containsExactly(ns + "back\\slash:1");
    }

    static Stream<Arguments> invalidTtls() {
        return Stream.of(Arguments.of((Duration) null), Arguments.of(Duration.ZERO), Arguments.of(Duration.ofSeconds(-1)),
                Arguments.of(Duration.ofNanos(-1)));
    }

    @ParameterizedTest
    @MethodSource("invalidTtls")
    void writesWhenTtlNullZeroOrNegativeThenRejectedAndNothingWritten(Duration ttl) {
        List<Consumer<Duration>> writes = List.of(
                t -> store.put(ns + "put", "v", t),
                t -> store.putIfAbsent(ns + "putIfAbsent", "v", t),
                t -> store.increment(ns + "increment", t),
                t -> store.addToSet(ns + "addToSet", "m", t));

        for (Consumer<Duration> write : writes) {
            assertThatThrownBy(() -> write.accept(ttl)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.keys(ns)).isEmpty();
    }

    @Test
    void deleteWhenPresentThenTrueAndGoneWhenMissingThenFalse() {
        store.put(ns + "k", "v", LONG);

        assertThat(store.delete(ns + "k")).isTrue();
        assertThat(store.get(ns + "k")).isEmpty();
        assertThat(store.delete(ns + "k")).isFalse();
    }

    @Test
    void checkRoundTripWhenHealthyThenPassesAndLeavesNoKeyBehind() {
        store.checkRoundTrip();
        store.checkRoundTrip();

        assertThat(store.keys(RoundTrip.KEY_PREFIX)).isEmpty();
    }

    @Test
    void valuesWhenUnicodeOrJsonThenSurviveByteExact() {
        String json = "{\"sub\":\"ütf-8 ☃ 𝄞 日本語 \\u0000\",\"scopes\":[\"mcp:read\"],\"n\":1.50,\"esc\":\"\\\"\\\\\\n\"}";
        String raw = "e\u0301 \uD83D\uDE00 \u0000 \r\n\t 'quotes' \"double\" \\ end";
        String key = ns + "ключ:🔑";

        store.put(key, json, LONG);
        store.put(ns + "raw", raw, LONG);
        store.addToSet(ns + "set", raw, LONG);

        assertThat(store.get(key).orElseThrow().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(store.take(ns + "raw").orElseThrow().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(store.members(ns + "set")).containsExactly(raw);
        assertThat(store.keys(ns + "ключ:")).containsExactly(key);
    }

    @Test
    void operationsWhenKeyHoldsOtherKindThenIllegalState() {
        store.addToSet(ns + "set", "m", LONG);
        store.put(ns + "text", "not a number", LONG);

        assertThatThrownBy(() -> store.get(ns + "set")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.take(ns + "set")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.increment(ns + "set", LONG)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.increment(ns + "text", LONG)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.addToSet(ns + "text", "m", LONG)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.members(ns + "text")).isInstanceOf(IllegalStateException.class);

        assertThat(store.members(ns + "set")).containsExactly("m");
        assertThat(store.get(ns + "text")).contains("not a number");
    }

    @Test
    void membersWhenReturnedThenUnmodifiableSnapshot() {
        store.addToSet(ns + "set", "a", LONG);
        Set<String> members = store.members(ns + "set");

        store.addToSet(ns + "set", "b", LONG);

        assertThat(members).containsExactly("a");
        assertThatThrownBy(() -> members.add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Runs one task per thread, all released at once; returns their results in task order. */
    private static <T> List<T> race(Callable<T> task) throws Exception {
        List<Callable<T>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            tasks.add(task);
        }
        return race(tasks);
    }

    private static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch ready = new CountDownLatch(tasks.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).as("all threads ready").isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
