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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
        first.current();
        SigningKeys second = new SigningKeys(store, Optional.empty(), clock);

        assertThat(store.get(SigningKeys.PRIVATE_KEYS)).isPresent();
        assertThat(store.ttl(SigningKeys.PRIVATE_KEYS)).contains(StateStore.ETERNAL);
        assertThat(store.ttl(SigningKeys.PUBLIC_KEYS)).contains(StateStore.ETERNAL);
        assertThat(second.current().getKeyID()).isEqualTo(first.current().getKeyID());
        assertThat(((RSAKey) first.current()).getModulus().decodeToBigInteger().bitLength()).isEqualTo(2048);
    }

    @Test
    void constructWhenStoreIsEmptyThenGeneratesNothingAndTheFirstUseWaitsForTheBackgroundKey() throws Exception {
        CountDownLatch generating = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger generated = new AtomicInteger();
        RSAKey key = (RSAKey) new SigningKeys(TestStores.memory(), Optional.empty(), clock).current();
        Supplier<RSAKey> heldBack = () -> {
            generated.incrementAndGet();
            generating.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return key;
        };

        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock, heldBack); // start-up goes on
        assertThat(generated).as("the constructor generates no key").hasValue(0);
        keys.generateInBackground();
        keys.generateInBackground(); // a second call starts nothing more
        assertThat(generating.await(30, TimeUnit.SECONDS)).as("generation started in the background").isTrue();
        assertThat(store.get(SigningKeys.PRIVATE_KEYS)).as("nothing stored before the key exists").isEmpty();
        CompletableFuture<String> firstToken = CompletableFuture.supplyAsync(() -> keys.current().getKeyID());
        CompletableFuture<Object> jwks = CompletableFuture.supplyAsync(() -> keys.publicJwks().get("keys"));
        release.countDown();

        assertThat(firstToken.get(30, TimeUnit.SECONDS)).isEqualTo(key.getKeyID());
        assertThat(jwks.get(30, TimeUnit.SECONDS).toString()).contains(key.getKeyID());
        assertThat(generated).as("the first use waited for the background key instead of making another")
                .hasValue(1);
        assertThat(store.get(SigningKeys.PRIVATE_KEYS).orElseThrow()).contains(key.getKeyID());
        assertThat(store.get(SigningKeys.PUBLIC_KEYS).orElseThrow()).contains(key.getKeyID());
        assertThat(store.ttl(SigningKeys.PRIVATE_KEYS)).contains(StateStore.ETERNAL);
    }

    @Test
    void currentWhenTheBackgroundGenerationFailedThenGeneratesTheKeyItself() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        RSAKey key = (RSAKey) new SigningKeys(TestStores.memory(), Optional.empty(), clock).current();
        Supplier<RSAKey> failingOnce = () -> {
            if (calls.incrementAndGet() == 1) {
                failed.countDown();
                throw new IllegalStateException("cannot generate an RSA key");
            }
            return key;
        };

        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock, failingOnce);
        keys.generateInBackground();
        assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(keys.current().getKeyID()).isEqualTo(key.getKeyID());
        assertThat(calls).hasValue(2);
        assertThat(keys.verificationKey(key.getKeyID())).isPresent();
        assertThat(publishedKids(keys)).containsExactly(key.getKeyID());
    }

    @Test
    void currentWhenNothingWasGeneratedInTheBackgroundThenGeneratesStoresAndPublishesTheKeyItself() {
        AtomicInteger calls = new AtomicInteger();
        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock, () -> {
            calls.incrementAndGet();
            return generateForTest();
        });

        String kid = keys.current().getKeyID();

        assertThat(calls).hasValue(1);
        assertThat(store.get(SigningKeys.PRIVATE_KEYS).orElseThrow()).contains(kid);
        assertThat(publishedKids(keys)).containsExactly(kid);
        keys.generateInBackground(); // the key exists: nothing to do
        assertThat(keys.current().getKeyID()).isEqualTo(kid);
        assertThat(calls).hasValue(1);
    }

    private static RSAKey generateForTest() {
        try {
            return new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void constructWhenStoreHasAKeyThenUsesItWithoutGenerating() {
        String stored = new SigningKeys(store, Optional.empty(), clock).current().getKeyID();

        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock, () -> {
            throw new AssertionError("no key is generated when the store has one");
        });

        assertThat(keys.current().getKeyID()).isEqualTo(stored);
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
        RSAKey key = (RSAKey) new SigningKeys(store, Optional.empty(), clock).current();
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
    void constructWhenPemIsPkcs1OrPkcs8ThenSameKeyIsCurrentAndOnlyItsPublicKeyIsStored() throws IOException {
        SigningKeys pkcs1 = new SigningKeys(store, Optional.of(pem("test-rsa-pkcs1.pem")), clock);
        SigningKeys pkcs8 = new SigningKeys(TestStores.memory(), Optional.of(pem("test-rsa-pkcs8.pem")), clock);

        assertThat(pkcs1.current().getKeyID()).isEqualTo(pkcs8.current().getKeyID());
        assertThat(pkcs1.current().isPrivate()).isTrue();
        assertThat(store.get(SigningKeys.PRIVATE_KEYS)).isEmpty();
        assertThat(publishedKids(pkcs1)).containsExactly(pkcs1.current().getKeyID());
        assertNoPrivateParameters(store.get(SigningKeys.PUBLIC_KEYS).orElseThrow());
        assertThat(SigningKeys.verifyOnly(store, clock).verificationKey(pkcs1.current().getKeyID())).isPresent();
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
        new SigningKeys(store, Optional.empty(), clock).current();
        String json = store.get(SigningKeys.PRIVATE_KEYS).orElseThrow();
        store.put(SigningKeys.PRIVATE_KEYS, json, Duration.ofDays(1));

        new SigningKeys(store, Optional.empty(), clock);

        assertThat(store.ttl(SigningKeys.PRIVATE_KEYS)).contains(StateStore.ETERNAL);
        assertThat(store.get(SigningKeys.PRIVATE_KEYS)).contains(json);
    }

    private static void assertNoPrivateParameters(String json) {
        for (String privateParameter : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertThat(json).as(privateParameter).doesNotContain(privateParameter);
        }
        assertThat(json).contains("\"n\"", "\"e\"", "\"kid\"");
    }

    @Test
    void rotateWritesPrivateKeysAndThePublicSetUnderSeparateKeys() {
        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock);
        String first = keys.current().getKeyID();
        String second = keys.rotate().getKeyID();

        assertNoPrivateParameters(store.get(SigningKeys.PUBLIC_KEYS).orElseThrow());
        assertThat(store.get(SigningKeys.PRIVATE_KEYS).orElseThrow()).contains("\"d\"", first, second);
        assertThat(store.get(SigningKeys.PUBLIC_KEYS).orElseThrow()).contains(first, second);
        assertThat(store.get(SigningKeys.PUBLIC_KEYS).orElseThrow().indexOf(second))
                .isLessThan(store.get(SigningKeys.PUBLIC_KEYS).orElseThrow().indexOf(first)); // current first
    }

    @Test
    void verifyOnlyReadsOnlyThePublicSetWritesNothingAndFindsARotatedKeyByItsKid() {
        List<String> touched = new ArrayList<>();
        StateStore watched = new io.mcpgw.testing.DelegatingStateStore(store) {
            @Override public Optional<String> get(String key) { touched.add("get " + key); return super.get(key); }
            @Override public Optional<Duration> ttl(String key) { touched.add("ttl " + key); return super.ttl(key); }
            @Override public void putEternal(String key, String value) { touched.add("put " + key); }
            @Override public void put(String key, String value, Duration ttl) { touched.add("put " + key); }
            @Override public boolean putIfAbsent(String key, String value, Duration ttl) {
                touched.add("put " + key);
                return false;
            }
        };
        SigningKeys verifier = SigningKeys.verifyOnly(watched, clock); // nothing published yet: an empty ring
        assertThat(verifier.verificationKey("not-yet")).isEmpty();

        SigningKeys signer = new SigningKeys(store, Optional.empty(), clock);
        clock.advance(SigningKeys.UNKNOWN_KID_RELOAD_INTERVAL.plusMillis(1));
        assertThat(verifier.verificationKey(signer.current().getKeyID())).hasValueSatisfying(k -> {
            assertThat(k.isPrivate()).isFalse();
            assertThat(k.toPublicJWK()).isEqualTo(signer.current().toPublicJWK());
        });
        String rotated = signer.rotate().getKeyID();
        clock.advance(SigningKeys.UNKNOWN_KID_RELOAD_INTERVAL.plusMillis(1));
        assertThat(verifier.verificationKey(rotated)).isPresent();

        assertThat(touched).isNotEmpty().allMatch(t -> t.equals("get " + SigningKeys.PUBLIC_KEYS));
        assertThatThrownBy(verifier::current).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(verifier::rotate).isInstanceOf(IllegalStateException.class);
        assertThat(publishedKids(verifier)).contains(rotated);
    }

    @Test
    void constructWhenAnEarlierVersionKeptPrivateKeysUnderThePublicKeyThenMovesThem() {
        new SigningKeys(store, Optional.empty(), clock).current();
        String privateJson = store.get(SigningKeys.PRIVATE_KEYS).orElseThrow();
        store.delete(SigningKeys.PRIVATE_KEYS);
        store.putEternal(SigningKeys.PUBLIC_KEYS, privateJson); // the old layout: private JWKs under oauth:jwks

        SigningKeys migrated = new SigningKeys(store, Optional.empty(), clock);

        assertThat(store.get(SigningKeys.PRIVATE_KEYS)).contains(privateJson);
        assertNoPrivateParameters(store.get(SigningKeys.PUBLIC_KEYS).orElseThrow());
        assertThat(privateJson).contains(migrated.current().getKeyID());
    }

    @Test
    void verifyOnlyWhenThePublicRecordIsCorruptThenRefusesToStartWithoutQuotingIt() {
        store.putEternal(SigningKeys.PUBLIC_KEYS, "{not json d=secret");
        assertThatThrownBy(() -> SigningKeys.verifyOnly(store, clock)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SigningKeys.PUBLIC_KEYS).hasMessageNotContaining("secret");
    }
}
