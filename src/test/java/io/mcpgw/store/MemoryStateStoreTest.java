package io.mcpgw.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on {@link MemoryStateStore} with a fake clock, plus its own expiry and sweeping rules. */
class MemoryStateStoreTest extends StateStoreContract {

    /** Starts far below zero, as {@link System#nanoTime()} may. */
    private final AtomicLong nanos = new AtomicLong(-1_000_000_000_000L);

    @Override
    protected StateStore newStore() {
        return new MemoryStateStore(nanos::get, MemoryStateStore.DEFAULT_SWEEP_INTERVAL);
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofSeconds(1);
    }

    @Override
    protected void letTimePass(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    @Test
    void getWhenTtlReachedThenGoneButOneNanosecondEarlierPresent() {
        store.put(ns + "k", "v", Duration.ofSeconds(10));

        letTimePass(Duration.ofSeconds(10).minusNanos(1));
        assertThat(store.get(ns + "k")).contains("v");
        assertThat(store.ttl(ns + "k")).contains(Duration.ofNanos(1));

        letTimePass(Duration.ofNanos(1));
        assertThat(store.get(ns + "k")).isEmpty();
    }

    @Test
    void incrementWhenLaterInWindowThenDeadlineUnchanged() {
        store.increment(ns + "rate", Duration.ofSeconds(60));
        letTimePass(Duration.ofSeconds(45));

        store.increment(ns + "rate", Duration.ofSeconds(60));

        assertThat(store.ttl(ns + "rate")).contains(Duration.ofSeconds(15));
    }

    @Test
    void sweepWhenEntriesExpiredThenRemovesOnlyThoseWithoutAnyRead() {
        MemoryStateStore memory = (MemoryStateStore) store;
        for (int i = 0; i < 1000; i++) {
            memory.put(ns + "short:" + i, "v", Duration.ofSeconds(1));
        }
        memory.put(ns + "long", "v", Duration.ofHours(1));
        memory.putEternal(ns + "eternal", "v");
        letTimePass(Duration.ofSeconds(2));

        assertThat(memory.size()).isEqualTo(1002);
        assertThat(memory.sweep()).isEqualTo(1000);
        assertThat(memory.size()).isEqualTo(2);
        assertThat(memory.keys(ns)).containsExactlyInAnyOrder(ns + "long", ns + "eternal");
    }

    @Test
    void sweeperWhenIntervalElapsesThenFreesExpiredEntriesOnItsOwnDaemonThread() {
        try (MemoryStateStore memory = new MemoryStateStore(nanos::get, Duration.ofMillis(10))) {
            for (int i = 0; i < 100; i++) {
                memory.put(ns + i, "v", Duration.ofSeconds(1));
            }
            assertThat(memory.size()).isEqualTo(100);

            letTimePass(Duration.ofSeconds(1));

            eventually().untilAsserted(() -> assertThat(memory.size()).isZero());
            assertThat(Thread.getAllStackTraces().keySet())
                    .filteredOn(thread -> thread.getName().equals("memory-state-store-sweeper"))
                    .isNotEmpty()
                    .allMatch(Thread::isDaemon);
        }
    }

    @Test
    void putWhenTtlBeyondLongNanosThenStoredWithFiniteExpiry() {
        store.put(ns + "k", "v", Duration.ofDays(365L * 1000));

        assertThat(store.get(ns + "k")).contains("v");
        assertThat(store.ttl(ns + "k")).hasValueSatisfying(ttl -> assertThat(ttl).isNotEqualTo(StateStore.ETERNAL));
    }

    @Test
    void describeThenMemory() {
        assertThat(store.describe()).isEqualTo("memory");
    }
}
