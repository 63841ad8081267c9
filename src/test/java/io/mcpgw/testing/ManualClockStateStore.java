package io.mcpgw.testing;

import io.mcpgw.store.MemoryStateStore;
import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real {@link MemoryStateStore} on a manual clock, for core tests: expiry is tested by {@link #advance}, never by
 * sleeping.
 */
public final class ManualClockStateStore implements StateStore {
    private final AtomicLong nanos = new AtomicLong();
    private final MemoryStateStore store = new MemoryStateStore(nanos::get, Duration.ofDays(1));

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Override public void put(String key, String value, Duration ttl) { store.put(key, value, ttl); }
    @Override public void putEternal(String key, String value) { store.putEternal(key, value); }
    @Override public boolean putIfAbsent(String key, String value, Duration ttl) { return store.putIfAbsent(key, value, ttl); }
    @Override public Optional<String> get(String key) { return store.get(key); }
    @Override public Optional<String> take(String key) { return store.take(key); }
    @Override public boolean delete(String key) { return store.delete(key); }
    @Override public long increment(String key, Duration window) { return store.increment(key, window); }
    @Override public void addToSet(String key, String member, Duration ttl) { store.addToSet(key, member, ttl); }
    @Override public void removeFromSet(String key, String member) { store.removeFromSet(key, member); }
    @Override public Set<String> members(String key) { return store.members(key); }
    @Override public Optional<Duration> ttl(String key) { return store.ttl(key); }
    @Override public Set<String> keys(String prefix) { return store.keys(prefix); }
    @Override public void checkRoundTrip() { store.checkRoundTrip(); }
    @Override public String describe() { return "memory (manual clock)"; }
    @Override public void close() { store.close(); }
}
