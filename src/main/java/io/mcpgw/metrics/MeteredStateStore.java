package io.mcpgw.metrics;

import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A {@link StateStore} that times every operation ({@code mcpgw_store_operations_seconds{operation}}) and counts
 * the ones that failed because the store could not be reached ({@code mcpgw_store_errors_total{operation}}). Rule:
 * it changes nothing else — same answers, same exceptions — and its meters exist from the start, at zero.
 */
final class MeteredStateStore implements StateStore {
    enum Operation { PUT, PUT_ETERNAL, PUT_IF_ABSENT, GET, TAKE, DELETE, INCREMENT, ADD_TO_SET, REMOVE_FROM_SET,
        MEMBERS, TTL, EXPIRE, KEYS, ROUND_TRIP, WRITE_ALL, GET_ALL, TAKE_AND_WRITE }

    private final StateStore store;
    private final Map<Operation, Timer> timers = new EnumMap<>(Operation.class);
    private final Map<Operation, Counter> errors = new EnumMap<>(Operation.class);

    MeteredStateStore(StateStore store, MeterRegistry registry) {
        this.store = store;
        for (Operation op : Operation.values()) {
            String name = op.name().toLowerCase(java.util.Locale.ROOT);
            timers.put(op, Timer.builder("mcpgw.store.operations").description("state store operations")
                    .tag("operation", name).register(registry));
            errors.put(op, Counter.builder("mcpgw.store.errors").description("state store operations that failed:"
                    + " store unreachable").tag("operation", name).register(registry));
        }
    }

    private <T> T timed(Operation op, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } catch (StoreUnavailableException e) {
            errors.get(op).increment();
            throw e;
        } finally {
            timers.get(op).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void timedVoid(Operation op, Runnable call) {
        timed(op, () -> {
            call.run();
            return null;
        });
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        timedVoid(Operation.PUT, () -> store.put(key, value, ttl));
    }

    @Override
    public void putEternal(String key, String value) {
        timedVoid(Operation.PUT_ETERNAL, () -> store.putEternal(key, value));
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        return timed(Operation.PUT_IF_ABSENT, () -> store.putIfAbsent(key, value, ttl));
    }

    @Override
    public Optional<String> get(String key) {
        return timed(Operation.GET, () -> store.get(key));
    }

    @Override
    public Optional<String> take(String key) {
        return timed(Operation.TAKE, () -> store.take(key));
    }

    @Override
    public boolean delete(String key) {
        return timed(Operation.DELETE, () -> store.delete(key));
    }

    @Override
    public long increment(String key, Duration window) {
        return timed(Operation.INCREMENT, () -> store.increment(key, window));
    }

    /** One timing for the batch (one round trip on Redis), not one per write. */
    @Override
    public void writeAll(java.util.List<io.mcpgw.store.StoreWrite> writes) {
        timedVoid(Operation.WRITE_ALL, () -> store.writeAll(writes));
    }

    @Override
    public Optional<String> takeAndWrite(String key, java.util.List<io.mcpgw.store.StoreWrite> writes) {
        return timed(Operation.TAKE_AND_WRITE, () -> store.takeAndWrite(key, writes));
    }

    @Override
    public java.util.List<Optional<String>> getAll(java.util.List<String> keys) {
        return timed(Operation.GET_ALL, () -> store.getAll(keys));
    }

    @Override
    public void addToSet(String key, String member, Duration ttl) {
        timedVoid(Operation.ADD_TO_SET, () -> store.addToSet(key, member, ttl));
    }

    @Override
    public void removeFromSet(String key, String member) {
        timedVoid(Operation.REMOVE_FROM_SET, () -> store.removeFromSet(key, member));
    }

    @Override
    public Set<String> members(String key) {
        return timed(Operation.MEMBERS, () -> store.members(key));
    }

    @Override
    public Optional<Duration> ttl(String key) {
        return timed(Operation.TTL, () -> store.ttl(key));
    }

    @Override
    public boolean expire(String key, Duration ttl) {
        return timed(Operation.EXPIRE, () -> store.expire(key, ttl));
    }

    @Override
    public Set<String> keys(String prefix) {
        return timed(Operation.KEYS, () -> store.keys(prefix));
    }

    @Override
    public void checkRoundTrip() {
        timedVoid(Operation.ROUND_TRIP, store::checkRoundTrip);
    }

    @Override
    public String describe() {
        return store.describe();
    }

    @Override
    public void close() {
        store.close();
    }
}
