package io.mcpgw.oauth.client;

import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.Optional;

/**
 * The index that makes public registrations idempotent: {@code oauth:client_fp:{fingerprint}} → client_id, with the
 * client's lifetime (eternal when clients are). Claiming uses the store's put-if-absent, so concurrent identical
 * registrations converge on one client.
 */
final class ClientFingerprints {
    static final String PREFIX = "oauth:client_fp:";
    /** Expiry of a fresh claim on eternal clients until it is made eternal (bounds a crash in between). */
    private static final Duration CLAIM_TTL = Duration.ofDays(1);

    private final StateStore store;
    private final Optional<Duration> lifetime;

    ClientFingerprints(StateStore store, Optional<Duration> lifetime) {
        this.store = store;
        this.lifetime = lifetime;
    }

    Optional<String> find(String fingerprint) {
        return store.get(PREFIX + fingerprint);
    }

    /**
     * Points {@code fingerprint} at {@code clientId} unless it already points at another client; returns whether it
     * now points at {@code clientId} (its expiry renewed).
     */
    boolean claim(String fingerprint, String clientId) {
        String key = PREFIX + fingerprint;
        boolean stored = store.putIfAbsent(key, clientId, lifetime.orElse(CLAIM_TTL));
        if (!stored && !store.get(key).map(clientId::equals).orElse(false)) {
            return false;
        }
        if (lifetime.isEmpty()) {
            store.putEternal(key, clientId);
        } else if (!stored) {
            store.put(key, clientId, lifetime.get());
        }
        return true;
    }

    /** Removes {@code fingerprint} if it points at {@code clientId} (a stale or superseded entry). */
    void release(String fingerprint, String clientId) {
        String key = PREFIX + fingerprint;
        if (store.get(key).map(clientId::equals).orElse(false)) {
            store.delete(key);
        }
    }
}
