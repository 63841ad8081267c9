package io.mcpgw.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.store.StateStore;
import io.mcpgw.testing.MutableClock;
import io.mcpgw.testing.TestStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
    private final StateStore store = TestStores.memory();
    private final MutableClock clock = MutableClock.now();

    private static String pem(String name) throws IOException {
        try (InputStream in = SigningKeysTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> published(SigningKeys keys) {
        return (List<Map<String, Object>>) keys.publicJwks().get("keys");
    }

    private static Set<String> publishedKids(SigningKeys keys) {
        return published(keys).stream().map(k -> (String) k.get("kid")).collect(Collectors.toSet());
    }

    @Test
    void constructWhenStoreIsEmptyThenGeneratesOneEternalKeyThatReplicasReuse() {
        SigningKeys first = new SigningKeys(store, Optional.empty(), clock);
        SigningKeys second = new SigningKeys(store, Optional.empty(), clock);

        assertThat(store.get(SigningKeys.STORE_KEY)).isPresent();
        assertThat(store.ttl(SigningKeys.STORE_KEY)).contains(StateStore.ETERNAL);
        assertThat(second.current().getKeyID()).isEqualTo(first.current().getKeyID());
        assertThat(first.current().getModulus().decodeToBigInteger().bitLength()).isEqualTo(2048);
    }

    @Test
    void constructWhenReplicasStartTogetherThenTheyConvergeOnOneKey() {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<String>> kids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            kids.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new SigningKeys(store, Optional.empty(), clock).current().getKeyID();
            }));
        }
        go.countDown();
        assertThat(kids.stream().map(CompletableFuture::join).distinct()).hasSize(1);
    }

    @Test
    void kidIsTheRfc7638ThumbprintOfThePublicKey() {
        RSAKey key = new SigningKeys(store, Optional.empty(), clock).current();
        // RFC 7638 §3.2: members e, kty, n in lexicographic order, no whitespace
        String canonical = "{\"e\":\"" + key.getPublicExponent() + "\",\"kty\":\"RSA\",\"n\":\"" + key.getModulus()
                + "\"}";
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(key.getKeyID()).isEqualTo(expected);
    }

    @Test
    void publicJwksWhenRenderedThenHasPublicPartsOnlyWithKidUseAndAlg() {
        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock);
        List<Map<String, Object>> jwks = published(keys);
        assertThat(jwks).hasSize(1);
        assertThat(jwks.get(0)).containsEntry("kty", "RSA").containsEntry("use", "sig").containsEntry("alg", "RS256")
                .containsEntry("kid", keys.current().getKeyID()).containsKeys("n", "e")
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
    }

    @Test
    void rotateWhenCalledThenNewKeyIsCurrentAndOldOneStaysVerifiableAndPublished() {
        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock);
        SigningKeys replica = new SigningKeys(store, Optional.empty(), clock);
        String oldKid = keys.current().getKeyID();

        String newKid = keys.rotate().getKeyID();

        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(keys.current().getKeyID()).isEqualTo(newKid);
        assertThat(keys.verificationKey(oldKid)).isPresent();
        assertThat(keys.verificationKey(newKid)).isPresent();
        assertThat(publishedKids(keys)).containsExactlyInAnyOrder(oldKid, newKid);
        // another replica learns the new kid when it meets it, and switches signing after its reload interval
        clock.advance(Duration.ofSeconds(2));
        assertThat(replica.verificationKey(newKid)).isPresent();
        clock.advance(SigningKeys.RELOAD_INTERVAL.plusSeconds(1));
        assertThat(replica.current().getKeyID()).isEqualTo(newKid);
    }

    @Test
    void rotateWhenRepeatedThenKeepsAtMostMaxKeys() {
        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock);
        for (int i = 0; i < SigningKeys.MAX_KEYS + 1; i++) {
            keys.rotate();
        }
        assertThat(published(keys)).hasSize(SigningKeys.MAX_KEYS);
    }

    @Test
    void verificationKeyWhenKidIsUnknownThenEmpty() {
        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock);
        assertThat(keys.verificationKey("nope")).isEmpty();
        assertThat(keys.verificationKey(null)).isEmpty();
    }

    @Test
    void constructWhenPemIsPkcs1OrPkcs8ThenSameKeyIsCurrentAndNothingIsStored() throws IOException {
        SigningKeys pkcs1 = new SigningKeys(store, Optional.of(pem("test-rsa-pkcs1.pem")), clock);
        SigningKeys pkcs8 = new SigningKeys(TestStores.memory(), Optional.of(pem("test-rsa-pkcs8.pem")), clock);

        assertThat(pkcs1.current().getKeyID()).isEqualTo(pkcs8.current().getKeyID());
        assertThat(pkcs1.current().isPrivate()).isTrue();
        assertThat(store.get(SigningKeys.STORE_KEY)).isEmpty();
        assertThat(publishedKids(pkcs1)).containsExactly(pkcs1.current().getKeyID());
    }

    @Test
    void constructWhenPemIsGivenAndStoreHasKeysThenPemKeyIsCurrentAndStoredOnesStayVerifiable() throws IOException {
        String storedKid = new SigningKeys(store, Optional.empty(), clock).current().getKeyID();

        SigningKeys keys = new SigningKeys(store, Optional.of(pem("test-rsa-pkcs8.pem")), clock);

        assertThat(keys.current().getKeyID()).isNotEqualTo(storedKid);
        assertThat(keys.verificationKey(storedKid)).isPresent();
        assertThat(publishedKids(keys)).containsExactlyInAnyOrder(storedKid, keys.current().getKeyID());
        assertThatThrownBy(keys::rotate).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void constructWhenPemIsMalformedThenRefusedWithoutEchoingIt() {
        String bad = "-----BEGIN PRIVATE KEY-----\nTUlJQm9ndXM=\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> new SigningKeys(store, Optional.of(bad), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("JWT private key")
                .hasMessageNotContaining("TUlJQm9ndXM");
        assertThatThrownBy(() -> new SigningKeys(store, Optional.of("hello"), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructWhenStoredRecordKeptItsBootstrapTtlThenMakesItEternal() {
        new SigningKeys(store, Optional.empty(), clock);
        String json = store.get(SigningKeys.STORE_KEY).orElseThrow();
        store.put(SigningKeys.STORE_KEY, json, Duration.ofDays(1));

        new SigningKeys(store, Optional.empty(), clock);

        assertThat(store.ttl(SigningKeys.STORE_KEY)).contains(StateStore.ETERNAL);
        assertThat(store.get(SigningKeys.STORE_KEY)).contains(json);
    }
}
