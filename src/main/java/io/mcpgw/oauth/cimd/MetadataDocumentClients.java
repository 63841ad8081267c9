package io.mcpgw.oauth.cimd;

import io.mcpgw.json.Json;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.store.StateStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of the gateway: registered ones from the {@code registered} repository, and clients whose
 * {@code client_id} is a URL ({@link ClientIdUrl}) from their metadata document, so that every endpoint that looks a
 * client up (authorize, token, refresh, revoke, introspect) accepts both.
 *
 * <p>A URL client is served from the cache {@code oauth:cimd:{sha256(url)}} in the {@link StateStore} (shared by every
 * replica; the validated client as JSON, TTL from the document's {@code Cache-Control}, {@link CacheLifetime}). On a
 * miss the document is fetched ({@link MetadataDocumentFetcher}), validated ({@link ClientMetadataDocument}) and
 * cached. Concurrent misses for the same URL in one process are coalesced into one fetch; replicas do not
 * coordinate (each may fetch once). A refused document is not cached: the next request fetches again. At most
 * {@value #MAX_CONCURRENT_FETCHES} fetches run at once in one process (each may hold a worker thread for the fetch
 * timeout); a miss beyond that is answered {@code temporarily_unavailable} at once, so slow document hosts cannot
 * use up the gateway's threads.
 *
 * <p>Rule: a URL client that cannot be trusted is never "not found" — {@link #findById} throws
 * {@code invalid_client} with the reason (http URL, fetch refused or failed, too large, redirect, invalid document),
 * so the authorization endpoint can show it and the token endpoint can answer it. URL clients are not saved,
 * touched or expired like registered ones: their lifetime is the cache's; {@link #delete} drops the cache entry.
 */
public final class MetadataDocumentClients implements ClientRepository {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataDocumentClients.class);
    static final String PREFIX = "oauth:cimd:";
    public static final int MAX_CONCURRENT_FETCHES = 16;

    private final ClientRepository registered;
    private final StateStore store;
    private final MetadataDocumentFetcher fetcher;
    private final Clock clock;
    private final ConcurrentMap<String, CompletableFuture<RegisteredClient>> inFlight = new ConcurrentHashMap<>();
    private final Semaphore fetchSlots;

    public MetadataDocumentClients(ClientRepository registered, StateStore store, MetadataDocumentFetcher fetcher,
                                   Clock clock) {
        this(registered, store, fetcher, clock, MAX_CONCURRENT_FETCHES);
    }

    MetadataDocumentClients(ClientRepository registered, StateStore store, MetadataDocumentFetcher fetcher,
                            Clock clock, int maxConcurrentFetches) {
        this.registered = registered;
        this.store = store;
        this.fetcher = fetcher;
        this.clock = clock;
        this.fetchSlots = new Semaphore(maxConcurrentFetches);
    }

    /**
     * @throws OAuthException {@code invalid_client} when {@code clientId} is a URL whose document is refused
     */
    @Override
    public Optional<RegisteredClient> findById(String clientId) {
        if (!ClientIdUrl.isUrl(clientId)) {
            return registered.findById(clientId);
        }
        URI url = ClientIdUrl.parse(clientId);
        String key = PREFIX + Secrets.hash(clientId);
        Optional<RegisteredClient> cached = store.get(key).map(json -> Json.read(json, RegisteredClient.class));
        if (cached.isPresent()) {
            return cached;
        }
        return Optional.of(fetchOnce(clientId, url, key));
    }

    private RegisteredClient fetchOnce(String clientId, URI url, String key) {
        CompletableFuture<RegisteredClient> mine = new CompletableFuture<>();
        CompletableFuture<RegisteredClient> running = inFlight.putIfAbsent(clientId, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            // A fetch that finished between this caller's cache miss and its claim has filled the cache already.
            Optional<RegisteredClient> cached = store.get(key).map(json -> Json.read(json, RegisteredClient.class));
            RegisteredClient client = cached.isPresent() ? cached.get() : fetchAndCache(clientId, url, key);
            mine.complete(client);
            return client;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(clientId, mine);
        }
    }

    private RegisteredClient fetchAndCache(String clientId, URI url, String key) {
        if (!fetchSlots.tryAcquire()) {
            LOG.warn("event=client_metadata_document_busy client_id={} max_concurrent_fetches={}", clientId,
                    MAX_CONCURRENT_FETCHES);
            throw OAuthError.temporarilyUnavailable("too many client metadata documents are being fetched right now;"
                    + " try again in a moment").exception();
        }
        RegisteredClient client;
        Duration lifetime;
        try {
            MetadataDocumentFetcher.Fetched fetched = fetcher.fetch(url);
            client = ClientMetadataDocument.validate(clientId, fetched.body(), clock.instant().getEpochSecond());
            lifetime = CacheLifetime.of(fetched.cacheControl());
        } catch (OAuthException e) {
            LOG.warn("event=client_metadata_document_refused client_id={} reason=\"{}\"", clientId,
                    e.error().description());
            throw e;
        } finally {
            fetchSlots.release();
        }
        store.put(key, Json.write(client), lifetime);
        LOG.info("event=client_metadata_document_fetched client_id={} cache_seconds={}", clientId,
                lifetime.toSeconds());
        return client;
    }

    @Override
    public void save(RegisteredClient client) {
        if (ClientIdUrl.isUrl(client.clientId())) {
            throw new IllegalArgumentException("a client with a URL client_id comes from its metadata document");
        }
        registered.save(client);
    }

    @Override
    public void touch(RegisteredClient client) {
        if (!ClientIdUrl.isUrl(client.clientId())) {
            registered.touch(client);
        }
    }

    @Override
    public Optional<Duration> timeLeft(String clientId) {
        return ClientIdUrl.isUrl(clientId) ? Optional.empty() : registered.timeLeft(clientId);
    }

    /** The registered clients; a metadata-document client is not registered (its cached document expires alone). */
    @Override
    public java.util.SortedSet<String> allIds() {
        return registered.allIds();
    }

    @Override
    public boolean delete(String clientId) {
        return ClientIdUrl.isUrl(clientId) ? store.delete(PREFIX + Secrets.hash(clientId)) : registered.delete(clientId);
    }
}
