package io.mcpgw.oauth.client;

import io.mcpgw.json.Json;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreWrite;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@link ClientRepository} on the {@link StateStore}: {@code oauth:client:{client_id}}, JSON, TTL = client lifetime,
 * restarted by {@link #touch} together with the client's {@code oauth:client_fp:} and {@code oauth:client_shared:}
 * entries (one {@code PEXPIRE} each, in one round trip; a missing key stays missing). A client used again soon after
 * its last touch by this process is not touched again: every token request would otherwise cost four store writes
 * for a lifetime counted in days. "Soon" is a hundredth of the lifetime, at most {@link #MAX_TOUCH_INTERVAL}, so a
 * client's idle lifetime is never shortened by more than that.
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
    /** The longest time a used client goes without its lifetime being restarted (see the class rules). */
    static final Duration MAX_TOUCH_INTERVAL = Duration.ofMinutes(10);
    /** Clients whose last touch this process remembers; beyond this the memory is emptied (a touch more, no harm). */
    static final int MAX_REMEMBERED_TOUCHES = 10_000;
    private final StateStore store;
    private final Optional<Duration> lifetime;
    private final Clock clock;
    private final long touchIntervalMillis;
    private final ConcurrentHashMap<String, Long> touchedAtMillis = new ConcurrentHashMap<>();

    /** @param lifetime empty = clients never expire ({@code CLIENT_LIFETIME=0}) */
    public StoreClientRepository(StateStore store, Optional<Duration> lifetime) {
        this(store, lifetime, Clock.systemUTC());
    }

    /** @param clock the store's clock: how long ago this process last touched a client */
    public StoreClientRepository(StateStore store, Optional<Duration> lifetime, Clock clock) {
        this.store = store;
        this.lifetime = lifetime;
        this.clock = clock;
        this.touchIntervalMillis = lifetime.map(l -> Math.min(l.toMillis() / 100, MAX_TOUCH_INTERVAL.toMillis()))
                .orElse(0L);
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
        long now = clock.millis();
        if (lifetime.isEmpty() || touchedMomentsAgo(client.clientId(), now)) {
            return;
        }
        if (!store.expire(PREFIX + client.clientId(), lifetime.get())) {
            return;
        }
        List<StoreWrite> writes = new ArrayList<>(3);
        if (client.isPublic()) {
            writes.add(StoreWrite.expire(ClientFingerprints.PREFIX + ClientMetadata.of(client).fingerprint(),
                    lifetime.get()));
        }
        writes.add(StoreWrite.expire(SharedClients.PREFIX + client.clientId(), lifetime.get()));
        writes.add(StoreWrite.addToSet(INDEX, client.clientId(), lifetime.get()));
        store.writeAll(writes);
        if (touchedAtMillis.size() >= MAX_REMEMBERED_TOUCHES) {
            touchedAtMillis.clear();
        }
        touchedAtMillis.put(client.clientId(), now); // only a touch that reached the store counts
    }

    /** True when this process touched the client less than the touch interval before {@code now}. */
    private boolean touchedMomentsAgo(String clientId, long now) {
        Long last = touchedAtMillis.get(clientId);
        return last != null && now >= last && now - last < touchIntervalMillis;
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
        touchedAtMillis.remove(clientId);
        store.removeFromSet(INDEX, clientId);
        return store.delete(PREFIX + clientId);
    }
}
