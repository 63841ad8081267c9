package io.mcpgw.oauth.client;

import io.mcpgw.json.Json;
import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link ClientRepository} on the {@link StateStore}: {@code oauth:client:{client_id}}, JSON, TTL = client lifetime,
 * restarted by {@link #touch} together with the client's {@code oauth:client_fp:} and {@code oauth:client_shared:}
 * entries (one {@code PEXPIRE} each; a missing key stays missing).
 */
public final class StoreClientRepository implements ClientRepository {
    static final String PREFIX = "oauth:client:";
    private final StateStore store;
    private final Optional<Duration> lifetime;

    /** @param lifetime empty = clients never expire ({@code CLIENT_LIFETIME=0}) */
    public StoreClientRepository(StateStore store, Optional<Duration> lifetime) {
        this.store = store;
        this.lifetime = lifetime;
    }

    @Override
    public Optional<RegisteredClient> findById(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 200) {
            return Optional.empty();
        }
        return store.get(PREFIX + clientId).map(json -> Json.read(json, RegisteredClient.class));
    }

    @Override
    public void save(RegisteredClient client) {
        String json = Json.write(client);
        if (lifetime.isPresent()) {
            store.put(PREFIX + client.clientId(), json, lifetime.get());
        } else {
            store.putEternal(PREFIX + client.clientId(), json);
        }
    }

    @Override
    public void touch(RegisteredClient client) {
        if (lifetime.isEmpty()) {
            return;
        }
        if (!store.expire(PREFIX + client.clientId(), lifetime.get())) {
            return;
        }
        if (client.isPublic()) {
            store.expire(ClientFingerprints.PREFIX + ClientMetadata.of(client).fingerprint(), lifetime.get());
        }
        store.expire(SharedClients.PREFIX + client.clientId(), lifetime.get());
    }

    @Override
    public Optional<Duration> timeLeft(String clientId) {
        if (lifetime.isEmpty()) {
            return Optional.empty();
        }
        return store.ttl(PREFIX + clientId).filter(ttl -> !ttl.equals(StateStore.ETERNAL));
    }

    @Override
    public boolean delete(String clientId) {
        return store.delete(PREFIX + clientId);
    }
}
