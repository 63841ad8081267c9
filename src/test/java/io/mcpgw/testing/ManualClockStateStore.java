package io.mcpgw.testing;

import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A complete in-memory {@link StateStore} on a manual clock, for core tests (expiry is tested by
 * {@link #advance}, never by sleeping). It stands in for {@code MemoryStateStore} until the store branch is merged;
 * {@code StateStores.open} is still a stub without expiry, counters or key listing on this branch.
 */
public final class ManualClockStateStore implements StateStore {
    private record Entry(Object value, long deadlineMillis) {
        boolean liveAt(long now) {
            return deadlineMillis == Long.MAX_VALUE || now < deadlineMillis;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile long now;

    public void advance(Duration duration) {
        now += duration.toMillis();
    }

    private long deadline(Duration ttl) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        return now + ttl.toMillis();
    }

    private Entry live(String key) {
        Entry e = entries.get(key);
        return e != null && e.liveAt(now) ? e : null;
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        entries.put(key, new Entry(value, deadline(ttl)));
    }

    @Override
    public void putEternal(String key, String value) {
        entries.put(key, new Entry(value, Long.MAX_VALUE));
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        long deadline = deadline(ttl);
        boolean[] stored = {false};
        entries.compute(key, (k, old) -> {
            if (old != null && old.liveAt(now)) {
                return old;
            }
            stored[0] = true;
            return new Entry(value, deadline);
        });
        return stored[0];
    }

    @Override
    public Optional<String> get(String key) {
        Entry e = live(key);
        return e == null ? Optional.empty() : Optional.of((String) e.value());
    }

    @Override
    public Optional<String> take(String key) {
        Entry e = entries.remove(key);
        return e != null && e.liveAt(now) ? Optional.of((String) e.value()) : Optional.empty();
    }

    @Override
    public boolean delete(String key) {
        Entry e = entries.remove(key);
        return e != null && e.liveAt(now);
    }

    @Override
    public long increment(String key, Duration window) {
        long deadline = deadline(window);
        Entry e = entries.compute(key, (k, old) -> old == null || !old.liveAt(now)
                ? new Entry("1", deadline)
                : new Entry(Long.toString(Long.parseLong((String) old.value()) + 1), old.deadlineMillis()));
        return Long.parseLong((String) e.value());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void addToSet(String key, String member, Duration ttl) {
        long deadline = deadline(ttl);
        entries.compute(key, (k, old) -> {
            Set<String> set = old == null || !old.liveAt(now) ? new HashSet<>() : new HashSet<>((Set<String>) old.value());
            set.add(member);
            return new Entry(Set.copyOf(set), old == null ? deadline : Math.max(deadline, old.deadlineMillis()));
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public void removeFromSet(String key, String member) {
        entries.computeIfPresent(key, (k, old) -> {
            Set<String> set = new HashSet<>((Set<String>) old.value());
            set.remove(member);
            return set.isEmpty() ? null : new Entry(Set.copyOf(set), old.deadlineMillis());
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public Set<String> members(String key) {
        Entry e = live(key);
        return e == null ? Set.of() : (Set<String>) e.value();
    }

    @Override
    public Optional<Duration> ttl(String key) {
        Entry e = live(key);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(e.deadlineMillis() == Long.MAX_VALUE ? ETERNAL : Duration.ofMillis(e.deadlineMillis() - now));
    }

    @Override
    public Set<String> keys(String prefix) {
        Set<String> out = new TreeSet<>();
        entries.forEach((k, e) -> {
            if (k.startsWith(prefix) && e.liveAt(now)) {
                out.add(k);
            }
        });
        return out;
    }

    @Override
    public void checkRoundTrip() {
    }

    @Override
    public String describe() {
        return "manual-clock-memory";
    }

    @Override
    public void close() {
    }
}
