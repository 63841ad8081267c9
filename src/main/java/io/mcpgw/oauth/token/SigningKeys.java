package io.mcpgw.oauth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.mcpgw.json.Json;
import io.mcpgw.store.StateStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RS256 keys that sign and verify access tokens (RFC 7515, RFC 7518 §3.3), published at {@code /jwks}
 * (RFC 7517). Every key's {@code kid} is its RFC 7638 thumbprint, and every token names its key in the header.
 *
 * <p>Where the keys come from:
 * <ul>
 *   <li>{@code JWT_PRIVATE_KEY_B64} given: that key is current. Keys found in the store stay verifiable and
 *       published (tokens signed before the operator switched to a configured key keep working). The configured key
 *       is never written to the store. {@link #rotate()} is refused: rotate by changing the variable.</li>
 *   <li>Otherwise: a 2048-bit key is generated once and kept in the store under {@value #STORE_KEY}, an eternal
 *       record holding a JSON array of private JWKs, the first being current. The first write uses
 *       {@code putIfAbsent}, so replicas starting together converge on one key.
 *       <b>The generated private key sits in the state store in clear</b>: there is no key-encryption key to wrap it
 *       with. Protect the store (Redis password, network) accordingly, or configure {@code JWT_PRIVATE_KEY_B64}.</li>
 * </ul>
 *
 * <p>{@link #rotate()} puts a new key first; earlier keys stay (at most {@value #MAX_KEYS} in all) so tokens they
 * signed keep verifying until they expire. Other replicas pick the new key up within {@link #RELOAD_INTERVAL}, and at
 * once when they meet its {@code kid}. Rotation is a read-modify-write of one record, not a transaction: rotate from
 * one place at a time, or one of two simultaneous new keys is lost (with the tokens it signed).
 */
public final class SigningKeys {
    /** Store key of the generated keys (eternal, like clients with {@code CLIENT_LIFETIME=0}). */
    public static final String STORE_KEY = "oauth:jwks";
    static final int MAX_KEYS = 5;
    private static final Duration BOOTSTRAP_TTL = Duration.ofDays(1);
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(60);
    /** An unknown {@code kid} reloads the store at most this often, so forged kids cannot hammer it. */
    static final Duration UNKNOWN_KID_RELOAD_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private final StateStore store;
    private final Optional<RSAKey> configured;
    private final Clock clock;
    private volatile KeyRing ring;

    /** The keys in force: the current one first, then the ones kept for verification. */
    private record KeyRing(RSAKey current, Map<String, RSAKey> byKid, long loadedAtMillis) {
    }

    /**
     * @param store         holds generated keys
     * @param privateKeyPem {@code settings.jwtPrivateKeyPem()}; a malformed key is an {@link IllegalArgumentException}
     */
    public SigningKeys(StateStore store, Optional<String> privateKeyPem, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.configured = privateKeyPem.map(RsaPrivateKeyPem::parse);
        this.ring = load();
        LOG.info("event=signing_keys_ready source={} current_kid={} keys={}",
                configured.isPresent() ? "configured" : "store", ring.current().getKeyID(), ring.byKid().size());
    }

    /** The key new tokens are signed with. */
    public RSAKey current() {
        KeyRing r = ring;
        if (clock.millis() - r.loadedAtMillis() > RELOAD_INTERVAL.toMillis()) {
            r = reload();
        }
        return r.current();
    }

    /** The public key named {@code kid}, if it is one of ours (an unknown kid triggers a rate-limited reload). */
    public Optional<RSAKey> verificationKey(String kid) {
        if (kid == null) {
            return Optional.empty();
        }
        KeyRing r = ring;
        RSAKey key = r.byKid().get(kid);
        if (key == null && clock.millis() - r.loadedAtMillis() > UNKNOWN_KID_RELOAD_INTERVAL.toMillis()) {
            key = reload().byKid().get(kid);
        }
        return Optional.ofNullable(key);
    }

    /** The JWK Set document (RFC 7517 §5): every key, public parameters only, with kid, use=sig, alg=RS256. */
    public Map<String, Object> publicJwks() {
        current(); // reloads a ring older than RELOAD_INTERVAL, so a rotation elsewhere is published here too
        List<Object> keys = new ArrayList<>();
        for (RSAKey key : ring.byKid().values()) {
            keys.add(key.toPublicJWK().toJSONObject());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keys", keys);
        return doc;
    }

    /**
     * Generates a new current key; the previous ones stay for verification and publication.
     *
     * @throws IllegalStateException when the key comes from {@code JWT_PRIVATE_KEY_B64}
     */
    public synchronized RSAKey rotate() {
        if (configured.isPresent()) {
            throw new IllegalStateException("the signing key is configured (JWT_PRIVATE_KEY_B64); rotate it there");
        }
        List<RSAKey> keys = new ArrayList<>(readStored());
        keys.add(0, generate());
        while (keys.size() > MAX_KEYS) {
            keys.remove(keys.size() - 1);
        }
        store.putEternal(STORE_KEY, write(keys));
        KeyRing r = reload();
        LOG.info("event=signing_key_rotated current_kid={} keys={}", r.current().getKeyID(), r.byKid().size());
        return r.current();
    }

    private synchronized KeyRing reload() {
        ring = load();
        return ring;
    }

    private KeyRing load() {
        List<RSAKey> stored = readStored();
        if (stored.isEmpty() && configured.isEmpty()) {
            String generated = write(List.of(generate()));
            // the store has no eternal putIfAbsent: elect with a bounded TTL, then make the winner's record eternal
            if (store.putIfAbsent(STORE_KEY, generated, BOOTSTRAP_TTL)) {
                store.putEternal(STORE_KEY, generated);
            }
            stored = readStored();
            if (stored.isEmpty()) {
                throw new IllegalStateException("the signing keys could not be stored under " + STORE_KEY);
            }
        }
        if (!stored.isEmpty()) {
            makeEternal();
        }
        Map<String, RSAKey> byKid = new LinkedHashMap<>();
        configured.ifPresent(k -> byKid.put(k.getKeyID(), k));
        stored.forEach(k -> byKid.putIfAbsent(k.getKeyID(), k));
        RSAKey current = configured.isPresent() ? configured.get() : stored.get(0);
        return new KeyRing(current, Collections.unmodifiableMap(byKid), clock.millis());
    }

    /** Heals a record left with its bootstrap TTL (a replica that died between the two writes above). */
    private void makeEternal() {
        Optional<java.time.Duration> ttl = store.ttl(STORE_KEY);
        if (ttl.isPresent() && !StateStore.ETERNAL.equals(ttl.get())) {
            store.get(STORE_KEY).ifPresent(json -> store.putEternal(STORE_KEY, json));
        }
    }

    private List<RSAKey> readStored() {
        Optional<String> json = store.get(STORE_KEY);
        if (json.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> objects;
        try {
            objects = Json.MAPPER.readValue(json.get(), new TypeReference<List<Map<String, Object>>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the signing keys stored under " + STORE_KEY + " are not readable");
        }
        List<RSAKey> keys = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            try {
                RSAKey key = RSAKey.parse(o);
                keys.add(new RSAKey.Builder(key).keyIDFromThumbprint().build());
            } catch (ParseException | JOSEException e) {
                throw new IllegalStateException("a stored signing key under " + STORE_KEY + " is not a valid RSA JWK");
            }
        }
        return keys;
    }

    private static String write(List<RSAKey> keys) {
        List<Map<String, Object>> objects = new ArrayList<>();
        keys.forEach(k -> objects.add(k.toJSONObject()));
        return Json.write(objects);
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }
}
