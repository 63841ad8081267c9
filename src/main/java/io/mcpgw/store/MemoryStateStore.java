package io.mcpgw.store;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The embedded {@link StateStore} of a single gateway instance (used when {@code REDIS_URL} is not set).
 *
 * <p>Rules it enforces, matching {@link RedisStateStore}:
 * <ul>
 *   <li>Expiry works like Redis: every read checks the deadline (lazy expiry), and a daemon thread sweeps
 *       expired entries every {@code sweepInterval}, so keys nobody reads again do not pile up.</li>
 *   <li>Each operation is atomic per key ({@link ConcurrentHashMap#compute} and friends): of concurrent
 *       {@link #take} callers exactly one gets the value; of concurrent {@link #putIfAbsent} callers exactly
 *       one stores.</li>
 *   <li>A key holds either a string (counters are decimal strings) or a set; using it as the other kind throws
 *       {@link IllegalStateException}, as Redis answers {@code WRONGTYPE}.</li>
 *   <li>Time is read from an injectable monotonic nanosecond source, so tests advance it without sleeping.</li>
 * </ul>
 */
public final class MemoryStateStore implements StateStore {

    /** How often expired entries are removed when nobody reads them. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);

    /** Deadline of entries without expiry. Finite deadlines are capped just below it. */
    private static final long NEVER = Long.MAX_VALUE;

    /** A string or an immutable set of strings, and its deadline on this store's clock ({@link #NEVER}: none). */
    private record Entry(Object value, long deadline) {
        boolean expiredAt(long now) {
            return deadline != NEVER && now >= deadline;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final long origin;
    private final ScheduledExecutorService sweeper;

    /** A store on {@link System#nanoTime()} sweeping every {@link #DEFAULT_SWEEP_INTERVAL}. */
    public MemoryStateStore() {
        this(System::nanoTime, DEFAULT_SWEEP_INTERVAL);
    }

    /**
     * @param nanoTime      a monotonic nanosecond source, like {@link System#nanoTime()}
     * @param sweepInterval how often the daemon sweeper removes expired entries
     */
    public MemoryStateStore(LongSupplier nanoTime, Duration sweepInterval) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.origin = nanoTime.getAsLong();
        long period = Ttls.requirePositive(sweepInterval, "sweepInterval").toMillis();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "memory-state-store-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, period, Math.max(period, 1), TimeUnit.MILLISECONDS);
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        Entry entry = new Entry(Objects.requireNonNull(value, "value"), deadlineAfter(ttl, "ttl"));
        entries.put(Objects.requireNonNull(key, "key"), entry);
    }

    @Override
    public void putEternal(String key, String value) {
        entries.put(Objects.requireNonNull(key, "key"), new Entry(Objects.requireNonNull(value, "value"), NEVER));
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        Entry fresh = new Entry(Objects.requireNonNull(value, "value"), deadlineAfter(ttl, "ttl"));
        long now = now();
        Entry result = entries.compute(Objects.requireNonNull(key, "key"),
                (k, current) -> current == null || current.expiredAt(now) ? fresh : current);
        return result == fresh;
    }

    @Override
    public Optional<String> get(String key) {
        Entry entry = live(key);
        return entry == null ? Optional.empty() : Optional.of(string(entry));
    }

    @Override
    public Optional<String> take(String key) {
        long now = now();
        Entry[] taken = new Entry[1];
        entries.computeIfPresent(Objects.requireNonNull(key, "key"), (k, current) -> {
            if (!current.expiredAt(now)) {
                string(current); // throws, leaving a set in place
                taken[0] = current;
            }
            return null;
        });
        return taken[0] == null ? Optional.empty() : Optional.of(string(taken[0]));
    }

    @Override
    public boolean delete(String key) {
        Entry removed = entries.remove(Objects.requireNonNull(key, "key"));
        return removed != null && !removed.expiredAt(now());
    }

    /** The counter is a decimal string; when the new value is 1 the entry gets the {@code window} deadline. */
    @Override
    public long increment(String key, Duration window) {
        long windowDeadline = deadlineAfter(window, "window");
        long now = now();
        Entry result = entries.compute(Objects.requireNonNull(key, "key"), (k, current) -> {
            boolean fresh = current == null || current.expiredAt(now);
            long next = fresh ? 1 : incremented(current);
            return new Entry(Long.toString(next), next == 1 ? windowDeadline : current.deadline());
        });
        return Long.parseLong((String) result.value());
    }

    /** A new set gets the {@code ttl} deadline; an existing one keeps the later of its deadline and {@code ttl}. */
    @Override
    public void addToSet(String key, String member, Duration ttl) {
        Objects.requireNonNull(member, "member");
        long deadline = deadlineAfter(ttl, "ttl");
        long now = now();
        entries.compute(Objects.requireNonNull(key, "key"), (k, current) -> {
            if (current == null || current.expiredAt(now)) {
                return new Entry(Set.of(member), deadline);
            }
            Set<String> members = new HashSet<>(set(current));
            members.add(member);
            return new Entry(Set.copyOf(members), Math.max(current.deadline(), deadline));
        });
    }

    /** Removing the last member removes the key, as in Redis. */
    @Override
    public void removeFromSet(String key, String member) {
        Objects.requireNonNull(member, "member");
        long now = now();
        entries.computeIfPresent(Objects.requireNonNull(key, "key"), (k, current) -> {
            if (current.expiredAt(now)) {
                return null;
            }
            Set<String> members = new HashSet<>(set(current));
            members.remove(member);
            return members.isEmpty() ? null : new Entry(Set.copyOf(members), current.deadline());
        });
    }

    @Override
    public Set<String> members(String key) {
        Entry entry = live(key);
        return entry == null ? Set.of() : set(entry);
    }

    @Override
    public Optional<Duration> ttl(String key) {
        long now = now();
        Entry entry = live(key);
        if (entry == null) {
            return Optional.empty();
        }
        return Optional.of(entry.deadline() == NEVER ? ETERNAL : Duration.ofNanos(Math.max(0, entry.deadline() - now)));
    }

    @Override
    public boolean expire(String key, Duration ttl) {
        long deadline = deadlineAfter(ttl, "ttl");
        long now = now();
        boolean[] existed = new boolean[1];
        entries.computeIfPresent(Objects.requireNonNull(key, "key"), (k, current) -> {
            if (current.expiredAt(now)) {
                return null;
            }
            existed[0] = true;
            return new Entry(current.value(), deadline);
        });
        return existed[0];
    }

    @Override
    public Set<String> keys(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        long now = now();
        Set<String> keys = new HashSet<>();
        entries.forEach((key, entry) -> {
            if (key.startsWith(prefix) && !entry.expiredAt(now)) {
                keys.add(key);
            }
        });
        return Set.copyOf(keys);
    }

    @Override
    public void checkRoundTrip() {
        RoundTrip.check(this);
    }

    @Override
    public String describe() {
        return "memory";
    }

    /** Stops the sweeper; the data stays readable until the store is garbage. */
    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /** Removes every expired entry (what the sweeper runs); returns how many were removed. */
    int sweep() {
        long now = now();
        int[] removed = new int[1];
        entries.forEach((key, entry) -> {
            if (entry.expiredAt(now) && entries.remove(key, entry)) {
                removed[0]++;
            }
        });
        return removed[0];
    }

    /** Entries held, expired or not (for tests proving the sweeper frees memory). */
    int size() {
        return entries.size();
    }

    /** Nanoseconds since this store was created; never negative for a monotonic source. */
    private long now() {
        return nanoTime.getAsLong() - origin;
    }

    private long deadlineAfter(Duration ttl, String what) {
        Ttls.requirePositive(ttl, what);
        long now = now();
        try {
            return Math.min(Math.addExact(now, ttl.toNanos()), NEVER - 1);
        } catch (ArithmeticException beyondLongNanos) {
            return NEVER - 1;
        }
    }

    /** The entry under {@code key} unless missing or expired; an expired one is removed on the way. */
    private Entry live(String key) {
        Entry entry = entries.get(Objects.requireNonNull(key, "key"));
        if (entry != null && entry.expiredAt(now())) {
            entries.remove(key, entry);
            return null;
        }
        return entry;
    }

    private static String string(Entry entry) {
        if (entry.value() instanceof String value) {
            return value;
        }
        throw wrongType();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> set(Entry entry) {
        if (entry.value() instanceof Set<?> members) {
            return (Set<String>) members;
        }
        throw wrongType();
    }

    private static long incremented(Entry entry) {
        try {
            return Math.addExact(Long.parseLong(string(entry)), 1);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalStateException("value is not an integer or out of range");
        }
    }

    private static IllegalStateException wrongType() {
        return new IllegalStateException("WRONGTYPE operation against a key holding the wrong kind of value");
    }
}
