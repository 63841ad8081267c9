package io.mcpgw.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.token.ClientAuthenticator;
import io.mcpgw.testing.ManualClockStateStore;
import io.mcpgw.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code CLIENT_LIFETIME} is an idle lifetime: token-endpoint use and idempotent re-registration restart it, so a client
 * in daily use never vanishes; an idle one expires. {@code client_secret_expires_at} says when that happens.
 * Store and service run on one manual clock; nothing sleeps.
 */
class IdleClientLifetimeTest {
    static final Duration LIFETIME = Duration.ofSeconds(20);
    static final String PUBLIC = "{\"client_name\":\"Daily\",\"redirect_uris\":[\"http://127.0.0.1:9/cb\"],"
            + "\"token_endpoint_auth_method\":\"none\"}";
    static final String CONFIDENTIAL = "{\"client_name\":\"Server\",\"redirect_uris\":[\"https://app.example/cb\"]}";

    final ManualClockStateStore store = new ManualClockStateStore();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final StoreClientRepository clients = new StoreClientRepository(store, Optional.of(LIFETIME), clock);
    final ClientRegistrationService service = new ClientRegistrationService(clients, store, "https://auth.example",
            Optional.of(LIFETIME), 0, id -> { }, clock);
    final ClientAuthenticator authenticator = new ClientAuthenticator(clients, clock);

    void advance(Duration d) {
        store.advance(d);
        clock.advance(d);
    }

    static JsonNode json(String text) {
        try {
            return Json.parseUntrusted(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    boolean tokenRequestAuthenticates(String clientId, String secret) {
        try {
            if (secret == null) {
                authenticator.authenticate(null, Parameters.parseUrlEncoded("client_id=" + clientId));
            } else {
                authenticator.authenticate("Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret)
                        .getBytes()), Parameters.empty());
            }
            return true;
        } catch (OAuthException e) {
            return false;
        }
    }

    @Test
    void aPublicClientUsedEveryFewSecondsOutlivesItsLifetimeManyTimes() {
        String id = service.register(json(PUBLIC), "192.0.2.1").client().clientId();
        for (int day = 0; day < 10; day++) {
            advance(Duration.ofSeconds(15));
            assertThat(tokenRequestAuthenticates(id, null)).as("use %d", day).isTrue();
        }
        advance(Duration.ofSeconds(15));
        Registration again = service.register(json(PUBLIC), "192.0.2.1");
        assertThat(again.reused()).isTrue();
        assertThat(again.client().clientId()).as("150 s after registration, 20 s lifetime").isEqualTo(id);
        advance(Duration.ofSeconds(15));
        assertThat(tokenRequestAuthenticates(id, null)).as("re-registration restarted the lifetime").isTrue();
    }

    @Test
    void anIdleClientExpiresAndReRegistrationGivesANewOne() {
        String id = service.register(json(PUBLIC), "192.0.2.1").client().clientId();
        advance(LIFETIME.plusSeconds(1));
        assertThat(tokenRequestAuthenticates(id, null)).isFalse();
        assertThat(service.register(json(PUBLIC), "192.0.2.1").client().clientId()).isNotEqualTo(id);
    }

    @Test
    void clientSecretExpiresAtTellsWhenAnUnusedConfidentialClientExpires() {
        Registration r = service.register(json(CONFIDENTIAL), "192.0.2.1");
        String id = r.client().clientId();
        String secret = (String) r.document().get("client_secret");
        String token = (String) r.document().get("registration_access_token");
        long registeredAt = clock.instant().getEpochSecond();
        assertThat(r.document().get("client_secret_expires_at")).isEqualTo(registeredAt + LIFETIME.toSeconds());

        advance(Duration.ofSeconds(5));
        assertThat(service.read(id, token).get("client_secret_expires_at"))
                .as("GET reports the remaining lifetime").isEqualTo(registeredAt + LIFETIME.toSeconds());
        assertThat(tokenRequestAuthenticates(id, secret)).isTrue();
        assertThat(service.read(id, token).get("client_secret_expires_at"))
                .as("the token request restarted it").isEqualTo(registeredAt + 5 + LIFETIME.toSeconds());

        advance(LIFETIME.minusSeconds(1));
        assertThat(tokenRequestAuthenticates(id, secret)).as("just before the reported time").isTrue();
        advance(LIFETIME.plusSeconds(1));
        assertThat(tokenRequestAuthenticates(id, secret)).as("idle past the reported time").isFalse();
    }

    @Test
    void publicClientsHaveNoSecretSoNoSecretExpiry() {
        assertThat(service.register(json(PUBLIC), "192.0.2.1").document()).doesNotContainKey("client_secret_expires_at");
    }

    @Test
    void theFingerprintAndSharedMarkLiveAsLongAsTheClient() {
        String id = service.register(json(PUBLIC), "192.0.2.1").client().clientId();
        service.register(json(PUBLIC), "192.0.2.2");
        for (int i = 0; i < 5; i++) {
            advance(Duration.ofSeconds(15));
            assertThat(tokenRequestAuthenticates(id, null)).isTrue();
        }
        assertThat(store.keys(ClientFingerprints.PREFIX)).hasSize(1);
        assertThat(store.keys(SharedClients.PREFIX)).containsExactly(SharedClients.PREFIX + id);
        advance(LIFETIME.plusSeconds(1));
        assertThat(store.keys("oauth:client")).isEmpty();
    }

    @Test
    void aClientUsedAgainWithinAHundredthOfItsLifetimeIsNotTouchedAgainThenIsOnceThatHasPassed() {
        String id = service.register(json(PUBLIC), "192.0.2.1").client().clientId();
        advance(Duration.ofSeconds(5));
        assertThat(tokenRequestAuthenticates(id, null)).isTrue();
        assertThat(store.ttl(StoreClientRepository.PREFIX + id)).contains(LIFETIME);

        advance(Duration.ofMillis(100)); // within LIFETIME / 100 = 200 ms of the last touch
        assertThat(tokenRequestAuthenticates(id, null)).isTrue();
        assertThat(store.ttl(StoreClientRepository.PREFIX + id)).as("not restarted: no store write")
                .contains(LIFETIME.minusMillis(100));

        advance(Duration.ofMillis(150));
        assertThat(tokenRequestAuthenticates(id, null)).isTrue();
        assertThat(store.ttl(StoreClientRepository.PREFIX + id)).as("restarted again").contains(LIFETIME);
        assertThat(store.ttl(ClientFingerprints.PREFIX + ClientMetadata.of(clients.findById(id).orElseThrow())
                .fingerprint())).as("the fingerprint with it, in the same batch").contains(LIFETIME);
    }
}
