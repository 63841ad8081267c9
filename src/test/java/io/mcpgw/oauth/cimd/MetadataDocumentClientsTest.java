package io.mcpgw.oauth.cimd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.client.StoreClientRepository;
import io.mcpgw.store.MemoryStateStore;
import io.mcpgw.testsupport.DocumentSite;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client lookup behind every endpoint, against a real local HTTPS site: registered clients pass through
 * untouched, URL clients are fetched once and cached, a cache entry can be dropped, and no more than the allowed
 * number of fetches run at once (the next one is refused at once, not queued).
 */
class MetadataDocumentClientsTest {
    static final String REDIRECT = "http://127.0.0.1:47123/callback";
    static DocumentSite site;
    static MetadataDocumentFetcher fetcher;
    MemoryStateStore store;
    StoreClientRepository registered;

    @BeforeAll
    static void start() throws Exception {
        site = DocumentSite.start(Path.of("target/cimd-unit-tls"));
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(site.certificatePem())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        fetcher = MetadataDocumentFetcher.standard(true, List.of(cert));
    }

    @AfterAll
    static void stop() {
        site.close();
    }

    @BeforeEach
    void fresh() {
        store = new MemoryStateStore();
        registered = new StoreClientRepository(store, Optional.of(Duration.ofDays(1)));
    }

    static String serve(String path, long delayMillis) {
        String url = site.url(path);
        site.serve(path, new DocumentSite.Answer(200, Map.of("Content-Type", "application/json; charset=utf-8"),
                ("{\"client_id\":\"" + url + "\",\"client_name\":\"T\",\"redirect_uris\":[\"" + REDIRECT + "\"]}")
                        .getBytes(StandardCharsets.UTF_8), delayMillis));
        return url;
    }

    @Test
    void registeredClientsPassThroughAndUrlClientsAreNeverSaved() {
        MetadataDocumentClients clients = new MetadataDocumentClients(registered, store, fetcher, Clock.systemUTC());
        RegisteredClient dcr = new RegisteredClient("mcp_x", Optional.empty(), "none", List.of(REDIRECT), "X", "",
                List.of("authorization_code"), List.of("code"), Map.of(), 0, 0, "h");
        clients.save(dcr);
        assertThat(clients.findById("mcp_x")).contains(dcr);
        assertThat(clients.findById("mcp_unknown")).isEmpty();

        RegisteredClient fromDocument = clients.findById(serve("/unit/saved.json", 0)).orElseThrow();
        assertThat(fromDocument.isPublic()).isTrue();
        assertThatThrownBy(() -> clients.save(fromDocument)).isInstanceOf(IllegalArgumentException.class);
        assertThat(registered.findById(fromDocument.clientId())).as("not a registration").isEmpty();
        assertThat(clients.timeLeft(fromDocument.clientId())).isEmpty();
    }

    @Test
    void aDocumentIsFetchedOnceUntilItsCacheEntryIsDropped() {
        MetadataDocumentClients clients = new MetadataDocumentClients(registered, store, fetcher, Clock.systemUTC());
        String url = serve("/unit/cached.json", 0);
        clients.findById(url);
        clients.findById(url);
        clients.touch(clients.findById(url).orElseThrow());
        assertThat(site.hits("/unit/cached.json")).isEqualTo(1);
        assertThat(clients.delete(url)).isTrue();
        assertThat(clients.findById(url)).isPresent();
        assertThat(site.hits("/unit/cached.json")).isEqualTo(2);
    }

    @Test
    void fetchesBeyondTheLimitAreRefusedAtOnceNotQueued() {
        MetadataDocumentClients clients = new MetadataDocumentClients(registered, store, fetcher, Clock.systemUTC(), 1);
        String slow = serve("/unit/slow.json", 3000);
        String other = serve("/unit/other.json", 0);
        CompletableFuture<Optional<RegisteredClient>> first = CompletableFuture.supplyAsync(() -> clients.findById(slow));
        await().atMost(Duration.ofSeconds(20)).until(() -> site.hits("/unit/slow.json") == 1);
        assertThatThrownBy(() -> clients.findById(other)).isInstanceOf(OAuthException.class)
                .satisfies(e -> assertThat(((OAuthException) e).error().code()).isEqualTo("temporarily_unavailable"))
                .satisfies(e -> assertThat(((OAuthException) e).error().status()).isEqualTo(503));
        assertThat(first).as("refused while the slow fetch still holds the slot, not queued behind it").isNotDone();
        assertThat(site.hits("/unit/other.json")).isZero();
        assertThat(first.join()).isPresent();
        assertThat(clients.findById(other)).as("a slot is free again").isPresent();
    }
}
