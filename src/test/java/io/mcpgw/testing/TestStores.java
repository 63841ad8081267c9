package io.mcpgw.testing;

import io.mcpgw.store.StateStore;
import io.mcpgw.store.StateStores;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The in-memory state store for tests: {@code StateStores.open(empty, empty)} once it is the real
 * {@code MemoryStateStore} (describe() = "memory"); until then (a temporary stub without sets, TTLs or key listing
 * is on this branch) a small faithful implementation of the {@link StateStore} contract, so the tests here can fail.
 */
public final class TestStores {

    private TestStores() {
    }

    public static StateStore memory() {
        StateStore real = StateStores.open(Optional.empty(), Optional.empty());
        if ("memory".equals(real.describe())) {
            return real;
        }
        real.close();
        return new Faithful();
    }

    /** Synchronised map store with Redis-like expiry, sets and TTLs (lazy expiry on read). */
    private static final class Faithful implements StateStore {
        private record Entry(Object value, long deadlineNanos) {
            boolean expired(long now) {
                return deadlineNanos != Long.MAX_VALUE && now >= deadlineNanos;
            }
        }

        private final Map<String, Entry> entries = new HashMap<>();

        private static long deadline(Duration ttl) {
            if (ttl == null || ttl.isZero() || ttl.isNegative()) {
                throw new IllegalArgumentException("ttl must be positive");
            }
            try {
                return Math.min(Math.addExact(System.nanoTime(), ttl.toNanos()), Long.MAX_VALUE - 1);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE - 1;
            }
        }

        private Entry live(String key) {
            Entry e = entries.get(key);
            if (e != null && e.expired(System.nanoTime())) {
                entries.remove(key);
                return null;
            }
            return e;
        }

        @Override
        public synchronized void put(String key, String value, Duration ttl) {
            entries.put(key, new Entry(value, deadline(ttl)));
        }

        @Override
        public synchronized void putEternal(String key, String value) {
            entries.put(key, new Entry(value, Long.MAX_VALUE));
        }

        @Override
        public synchronized boolean putIfAbsent(String key, String value, Duration ttl) {
            if (live(key) != null) {
                return false;
            }
            entries.put(key, new Entry(value, deadline(ttl)));
            return true;
        }

        @Override
        public synchronized Optional<String> get(String key) {
            Entry e = live(key);
            if (e != null && !(e.value() instanceof String)) {
                throw new IllegalStateException("WRONGTYPE");
            }
            return e == null ? Optional.empty() : Optional.of((String) e.value());
        }

        @Override
        public synchronized Optional<String> take(String key) {
            Optional<String> v = get(key);
            entries.remove(key);
            return v;
        }

        @Override
        public synchronized boolean delete(String key) {
            return live(key) != null && entries.remove(key) != null;
        }

        @Override
        public synchronized long increment(String key, Duration window) {
            Entry e = live(key);
            long next = e == null ? 1 : Long.parseLong((String) e.value()) + 1;
            entries.put(key, new Entry(Long.toString(next), e == null ? deadline(window) : e.deadlineNanos()));
            return next;
        }

        @Override
        @SuppressWarnings("unchecked")
        public synchronized void addToSet(String key, String member, Duration ttl) {
            Entry e = live(key);
            Set<String> members = e == null ? new HashSet<>() : new HashSet<>((Set<String>) e.value());
            members.add(member);
            long d = deadline(ttl);
            entries.put(key, new Entry(Set.copyOf(members), e == null ? d : Math.max(d, e.deadlineNanos())));
        }

        @Override
        @SuppressWarnings("unchecked")
        public synchronized void removeFromSet(String key, String member) {
            Entry e = live(key);
            if (e == null) {
                return;
            }
            Set<String> members = new HashSet<>((Set<String>) e.value());
            members.remove(member);
            if (members.isEmpty()) {
                entries.remove(key);
            } else {
                entries.put(key, new Entry(Set.copyOf(members), e.deadlineNanos()));
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public synchronized Set<String> members(String key) {
            Entry e = live(key);
            return e == null ? Set.of() : (Set<String>) e.value();
        }

        @Override
        public synchronized Optional<Duration> ttl(String key) {
            Entry e = live(key);
            if (e == null) {
                return Optional.empty();
            }
            return Optional.of(e.deadlineNanos() == Long.MAX_VALUE ? ETERNAL
                    : Duration.ofNanos(e.deadlineNanos() - System.nanoTime()));
        }

        @Override
        public synchronized Set<String> keys(String prefix) {
            Set<String> out = new HashSet<>();
            for (String k : Set.copyOf(entries.keySet())) {
                if (k.startsWith(prefix) && live(k) != null) {
                    out.add(k);
                }
            }
            return out;
        }

        @Override
        public void checkRoundTrip() {
        }

        @Override
        public String describe() {
            return "test-memory";
        }

        @Override
        public void close() {
        }
    }
}
