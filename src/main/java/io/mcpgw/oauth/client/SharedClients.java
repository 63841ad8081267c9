package io.mcpgw.oauth.client;

import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.Optional;

/**
 * The mark {@code oauth:client_shared:{client_id}} that a public client has been handed to more than one registrant
 * (an idempotent re-registration returned it). Rule: <b>a shared client belongs to nobody</b>, so no registration
 * access token manages it any more (RFC 7592 GET, PUT and DELETE answer 403): otherwise whoever registered a
 * well-known client's public metadata first could rename, redirect or delete the client everybody else uses.
 *
 * <p>The mark is a key of its own, not a field of the client record, so that a management PUT racing with the
 * re-registration that shares the client cannot write it away. It lives as long as the client (same idle lifetime,
 * restarted with it) and is never removed while the client exists.
 */
final class SharedClients {
    static final String PREFIX = "oauth:client_shared:";

    private final StateStore store;
    private final Optional<Duration> lifetime;

    SharedClients(StateStore store, Optional<Duration> lifetime) {
        this.store = store;
        this.lifetime = lifetime;
    }

    void markShared(String clientId) {
        if (lifetime.isPresent()) {
            store.put(PREFIX + clientId, "1", lifetime.get());
        } else {
            store.putEternal(PREFIX + clientId, "1");
        }
    }

    boolean isShared(String clientId) {
        return store.get(PREFIX + clientId).isPresent();
    }

    void forget(String clientId) {
        store.delete(PREFIX + clientId);
    }
}
