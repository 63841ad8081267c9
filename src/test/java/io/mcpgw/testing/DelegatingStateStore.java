package io.mcpgw.testing;

import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** A {@link StateStore} that forwards every call; tests override the calls they want to observe. */
public class DelegatingStateStore implements StateStore {
    private final StateStore delegate;

    public DelegatingStateStore(StateStore delegate) {
        this.delegate = delegate;
    }

    @Override public void put(String key, String value, Duration ttl) { delegate.put(key, value, ttl); }
    @Override public void putEternal(String key, String value) { delegate.putEternal(key, value); }
    @Override public boolean putIfAbsent(String key, String value, Duration ttl) { return delegate.putIfAbsent(key, value, ttl); }
    @Override public Optional<String> get(String key) { return delegate.get(key); }
    @Override public Optional<String> take(String key) { return delegate.take(key); }
    @Override public boolean delete(String key) { return delegate.delete(key); }
    @Override public long increment(String key, Duration window) { return delegate.increment(key, window); }
    @Override public void addToSet(String key, String member, Duration ttl) { delegate.addToSet(key, member, ttl); }
    @Override public void removeFromSet(String key, String member) { delegate.removeFromSet(key, member); }
    @Override public Set<String> members(String key) { return delegate.members(key); }
    @Override public Optional<Duration> ttl(String key) { return delegate.ttl(key); }
    @Override public boolean expire(String key, Duration ttl) { return delegate.expire(key, ttl); }
    @Override public Set<String> keys(String prefix) { return delegate.keys(prefix); }
    @Override public void checkRoundTrip() { delegate.checkRoundTrip(); }
    @Override public String describe() { return delegate.describe(); }
    @Override public void close() { delegate.close(); }
}
