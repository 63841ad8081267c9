package io.mcpgw.store;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the gateway keeps, as a small set of string key/value primitives with expiry.
 *
 * <p>Typed repositories (clients, consent, codes, tokens, signing keys, MCP sessions) are built on top of
 * these primitives, so both implementations ({@link MemoryStateStore} for the embedded default and
 * {@link RedisStateStore}) behave the same and are proven by one contract test suite.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>{@code ttl} is required and positive for every write, except {@link #putEternal} (clients with
 *       {@code CLIENT_LIFETIME=0}, signing keys). A null, zero or negative {@code ttl} or {@code window} throws
 *       {@link IllegalArgumentException} and writes nothing; a null key, value or member throws
 *       {@link NullPointerException}.</li>
 *   <li>{@link #take} is atomic: of any number of concurrent callers, exactly one receives the value.</li>
 *   <li>An expired key is indistinguishable from a missing one.</li>
 *   <li>A key holds either a string (counters included) or a set. Using it as the other kind is a bug and throws
 *       {@link IllegalStateException} (Redis {@code WRONGTYPE}); {@link #put} replaces either kind.</li>
 *   <li>When the backing server cannot be reached, every method throws {@link StoreUnavailableException}
 *       (mapped to HTTP 503) and the store recovers by itself when the server is back.</li>
 * </ul>
 */
public interface StateStore extends AutoCloseable {

    /** Stores {@code value} under {@code key}, replacing any previous value, expiring after {@code ttl}. */
    void put(String key, String value, Duration ttl);

    /** Stores {@code value} with no expiry. Only for records the key schema marks eternal. */
    void putEternal(String key, String value);

    /**
     * Stores {@code value} only if {@code key} does not exist; returns whether it was stored. Atomic: of concurrent
     * callers for one missing key, exactly one stores.
     */
    boolean putIfAbsent(String key, String value, Duration ttl);

    /** The string stored under {@code key}; empty when missing or expired. */
    Optional<String> get(String key);

    /** Atomically reads and deletes {@code key} (single-use codes, upstream state). */
    Optional<String> take(String key);

    /** Deletes {@code key}; returns whether it existed. */
    boolean delete(String key);

    /**
     * Increments the counter at {@code key} (a missing key counts as 0) and returns the new value; the increment
     * that returns 1 sets the expiry {@code window}, later ones keep it (fixed-window rate limits). Atomic: no
     * concurrent increment is lost.
     */
    long increment(String key, Duration window);

    /**
     * Adds {@code member} to the set at {@code key}; the set's expiry becomes at least {@code ttl} (a longer remaining
     * expiry is kept, never shortened).
     */
    void addToSet(String key, String member, Duration ttl);

    /** Removes {@code member}; removing the last member removes the key. A missing key or member is no error. */
    void removeFromSet(String key, String member);

    /** An unmodifiable snapshot of the set at {@code key}; empty when missing or expired. */
    Set<String> members(String key);

    /** Remaining time to live; empty when the key is missing; {@link #ETERNAL} for keys without expiry. */
    Optional<Duration> ttl(String key);

    /**
     * Restarts the expiry of an existing {@code key} at {@code ttl} (idle lifetimes), value untouched; returns whether
     * the key existed. A missing or expired key stays missing.
     */
    boolean expire(String key, Duration ttl);

    /** Every key starting with {@code prefix} (diagnostics, tests and maintenance; not for hot paths). */
    Set<String> keys(String prefix);

    /**
     * The writes, each with the rules of its own method, in one round trip where the store can (Redis pipelines
     * them; on one server they are applied in this order). Not atomic: after a failure some may have been applied,
     * as with separate calls. Returns when all are applied.
     */
    default void writeAll(java.util.List<StoreWrite> writes) {
        for (StoreWrite write : writes) {
            write.applyTo(this);
        }
    }

    /**
     * {@link #take} of {@code key} and {@link #writeAll} of {@code writes}, in one round trip where the store can
     * (Redis pipelines them, the take first). The writes are applied whether or not the key was there, so they must
     * be ones that are right either way (such as marking a token used that a concurrent caller took first). Not
     * atomic, as {@link #writeAll}. Returns the taken value.
     */
    default Optional<String> takeAndWrite(String key, java.util.List<StoreWrite> writes) {
        Optional<String> taken = take(key);
        writeAll(writes);
        return taken;
    }

    /** {@link #get} of each key, in order, in one round trip where the store can. */
    default java.util.List<Optional<String>> getAll(java.util.List<String> keys) {
        java.util.List<Optional<String>> values = new java.util.ArrayList<>(keys.size());
        for (String key : keys) {
            values.add(get(key));
        }
        return values;
    }

    /** A write/read/delete round trip; throws {@link StoreUnavailableException} with a clear message on failure. */
    void checkRoundTrip();

    /** A short name for logs and health: {@code memory} or {@code redis://host:port/db} (never the password). */
    String describe();

    /** Marker returned by {@link #ttl} for keys without expiry. */
    Duration ETERNAL = Duration.ofSeconds(Long.MAX_VALUE);

    @Override
    void close();
}
