package io.mcpgw.oauth.client;

import io.mcpgw.json.Json;
import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@link ClientRepository} on the {@link StateStore}: {@code oauth:client:{client_id}}, JSON, TTL = client lifetime,
 * restarted by {@link #touch} together with the client's {@code oauth:client_fp:} and {@code oauth:client_shared:}
 * entries (one {@code PEXPIRE} each; a missing key stays missing).
 *
 * <p>{@code oauth:client_index} is the set of every client id, so operators list clients without scanning the store:
 * {@link #save} and {@link #touch} add the id (a client registered by an earlier version joins on its next use), its
 * expiry is extended to the client lifetime on each add ({@link #INDEX_LIFETIME_WHEN_ETERNAL} when clients never
 * expire), {@link #delete} removes it, and {@link #allIds} drops ids whose client expired.
 */
public final class StoreClientRepository implements ClientRepository {
    static final String PREFIX = "oauth:client:";
    static final String INDEX = "oauth:client_index";
    /** Expiry of the index when clients never expire: a set needs one; every save or use extends it. */
    static final Duration INDEX_LIFETIME_WHEN_ETERNAL = Duration.ofDays(3650);
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
        store.addToSet(INDEX, client.clientId(), lifetime.orElse(INDEX_LIFETIME_WHEN_ETERNAL));
    }

    @Override
    public SortedSet<String> allIds() {
        SortedSet<String> ids = new TreeSet<>();
        for (String id : store.members(INDEX)) {
            if (store.get(PREFIX + id).isPresent()) {
                ids.add(id);
            } else {
                store.removeFromSet(INDEX, id);
            }
        }
        return ids;
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
        store.addToSet(INDEX, client.clientId(), lifetime.get());
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
        store.removeFromSet(INDEX, clientId);
        return store.delete(PREFIX + clientId);
    }
}
