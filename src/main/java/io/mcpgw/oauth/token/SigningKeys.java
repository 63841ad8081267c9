package io.mcpgw.oauth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.nimbusds.jose.jwk.JWK;
import io.mcpgw.config.SigningAlgorithm;
import io.mcpgw.config.SigningKeyPem;
import io.mcpgw.audit.AuditLog;
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
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that sign and verify access tokens (RFC 7515), published at {@code /jwks} (RFC 7517): RS256 (RSA-2048,
 * RFC 7518 §3.3, the default), ES256 (EC P-256, RFC 7518 §3.4) or EdDSA (Ed25519, RFC 8037), as {@code JWT_SIGNING_ALG}
 * says ({@link SigningAlgorithm}). Every key's {@code kid} is its RFC 7638 thumbprint and every key carries its
 * {@code alg}; every token names its key in the header. Keys of several algorithms live side by side: each verifies
 * only the algorithm it was made for ({@link SigningJwks#algorithmOf}).
 *
 * <p>Two records in the store, so that a verifier never needs to read private key material:
 * <ul>
 *   <li>{@value #PUBLIC_KEYS}: the public JWK set (a JSON array, current key first), eternal. Written only by a
 *       signing instance; the only signing-key record a {@linkplain #verifyOnly verify-only} instance (the
 *       {@code services} role) reads, so its Redis user may be denied everything else.</li>
 *   <li>{@value #PRIVATE_KEYS}: the generated private JWKs (current first), eternal. Read and written only by signing
 *       instances (the {@code auth} and {@code all} roles, and {@code rotate-signing-key}).</li>
 * </ul>
 *
 * <p>Where a signing instance's keys come from:
 * <ul>
 *   <li>{@code JWT_PRIVATE_KEY_B64} given: that key is current. Keys found in the store stay verifiable and
 *       published (tokens signed before the operator switched to a configured key keep working). The configured
 *       private key is never written to the store; its public part is published. {@link #rotate()} is refused:
 *       rotate by changing the variable.</li>
 *   <li>Otherwise: a key of the algorithm is generated once and kept under {@value #PRIVATE_KEYS}. The first write uses
 *       {@code putIfAbsent}, so replicas starting together converge on one key.
 *       <b>The generated private key sits in the state store in clear</b>: there is no key-encryption key to wrap it
 *       with. Protect the store (Redis ACL users, password, network) accordingly, or configure
 *       {@code JWT_PRIVATE_KEY_B64}.</li>
 *   <li>A store written by an earlier version (private JWKs under {@value #PUBLIC_KEYS}) is migrated on the first
 *       load: the keys move to {@value #PRIVATE_KEYS} and {@value #PUBLIC_KEYS} keeps their public parts.</li>
 * </ul>
 * A signing instance publishes on load whenever one of its keys is missing from {@value #PUBLIC_KEYS}, and
 * {@link #rotate()} writes both records (private first, so a published key always has its private key stored).
 *
 * <p>Start-up never waits for a key to be generated (RSA-2048 costs about half a second of CPU on a small machine):
 * when a signing instance finds no key to use, its constructor returns without one. The key is generated, elected and
 * published by {@link #generateInBackground()} (the application calls it once the gateway is ready, so that the
 * generation does not compete with start-up for the CPU) or by the first call that needs it ({@link #current()},
 * {@link #publicJwks()}, {@link #verificationKey}), whichever comes first; a call during a background generation
 * waits for it, and a failed background generation is retried by the next call. Keys found in the store, and a
 * configured key, are read in the constructor as before, so a corrupt record still stops start-up.
 *
 * <p>Switching the algorithm: when a signing instance starts with an algorithm other than that of the stored current
 * key, a new key of the new algorithm becomes current (as by {@link #rotate(SigningAlgorithm)}), and the old keys keep
 * verifying and stay published until they are rotated out or retired, so tokens they signed keep working until they
 * expire. Only start-up switches: a reload adopts whatever key the store names current, so replicas still running
 * with the old setting sign with the new key rather than switch back. Of replicas starting together, the one that
 * takes the {@value #SWITCH_LOCK} lock (a short-lived {@code putIfAbsent}) switches; the others adopt its key.
 * Construction without an algorithm (the admin tools) keeps the current key's algorithm.
 *
 * <p>{@link #rotate()} puts a new key first; earlier keys stay (at most {@value #MAX_KEYS} in all) so tokens they
 * signed keep verifying until they expire. Other replicas — signing or verify-only — pick the new key up within
 * {@link #RELOAD_INTERVAL}, and at once when they meet its {@code kid}. Rotation is a read-modify-write of one
 * record, not a transaction: rotate from one place at a time, or one of two simultaneous new keys is lost (with the
 * tokens it signed).
 */
public final class SigningKeys {
    /** Store key of the public JWK set (eternal; the services role's Redis user may read it). */
    public static final String PUBLIC_KEYS = "oauth:jwks";
    /** Store key of the generated private JWKs (eternal; only the auth role's Redis user may read it). */
    public static final String PRIVATE_KEYS = "oauth:jwks:private";
    /** Store key electing the one replica that switches the algorithm at start-up. */
    static final String SWITCH_LOCK = "oauth:jwks:switch";
    private static final Duration SWITCH_LOCK_TTL = Duration.ofSeconds(30);
    static final int MAX_KEYS = 5;
    private static final Duration BOOTSTRAP_TTL = Duration.ofDays(1);
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(60);
    /** An unknown {@code kid} reloads the store at most this often, so forged kids cannot hammer it. */
    static final Duration UNKNOWN_KID_RELOAD_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);

    private final StateStore store;
    private final Optional<JWK> configured;
    private final boolean signing;
    private final Clock clock;
    /** The algorithm asked for; empty = that of the current stored key (RS256 on an empty store). */
    private final Optional<SigningAlgorithm> algorithm;
    private final Function<SigningAlgorithm, JWK> generator;
    /** Set at construction when the stored current key has another algorithm; done by {@link #firstRing()}. */
    private volatile SigningAlgorithm pendingSwitch;
    private final java.util.concurrent.atomic.AtomicBoolean backgroundStarted =
            new java.util.concurrent.atomic.AtomicBoolean();
    /** null only while the first key of an empty store is generated in the background ({@link #firstRing()}). */
    private volatile KeyRing ring;

    /** The keys in force: the current one first (null when verify-only), then the ones kept for verification. */
    private record KeyRing(JWK current, Map<String, JWK> byKid, long loadedAtMillis) {
    }

    /**
     * Keys of the current stored key's algorithm (RS256 on an empty store); a configured RSA key. For tools that act
     * on the keys of a running deployment without choosing an algorithm.
     *
     * @param store         holds generated keys
     * @param privateKeyPem {@code settings.jwtPrivateKeyPem()}; a malformed key is an {@link IllegalArgumentException}
     */
    public SigningKeys(StateStore store, Optional<String> privateKeyPem, Clock clock) {
        this(store, privateKeyPem, Optional.empty(), clock, SigningJwks::generate);
    }

    /**
     * Keys signing with {@code algorithm} ({@code settings.jwtSigningAlg()}): a configured key must be of its type,
     * and a stored current key of another algorithm is replaced by a new one (the old ones keep verifying).
     */
    public SigningKeys(StateStore store, Optional<String> privateKeyPem, SigningAlgorithm algorithm, Clock clock) {
        this(store, privateKeyPem, Optional.of(algorithm), clock, SigningJwks::generate);
    }

    /** As above, with the generator of new keys (tests hold it back to show start-up does not wait for it). */
    SigningKeys(StateStore store, Optional<String> privateKeyPem, Clock clock, Supplier<? extends JWK> generator) {
        this(store, privateKeyPem, Optional.empty(), clock, alg -> generator.get());
    }

    /** With the algorithm and the generator of new keys of an algorithm. */
    SigningKeys(StateStore store, Optional<String> privateKeyPem, Optional<SigningAlgorithm> algorithm, Clock clock,
            Function<SigningAlgorithm, JWK> generator) {
        this(store, privateKeyPem.map(pem -> configuredKey(pem, algorithm)), algorithm, true, clock, generator);
        if (ring != null) {
            logReady(configured.isPresent() ? "configured" : "store", ring);
        }
    }

    private static JWK configuredKey(String pem, Optional<SigningAlgorithm> algorithm) {
        try {
            return SigningJwks.fromPrivateKey(SigningKeyPem.parse(pem, algorithm.orElse(null)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("JWT private key") ? e.getMessage()
                    : "JWT private key " + e.getMessage());
        }
    }

    /**
     * Starts generating the first key on a daemon thread when the store had none at construction (nothing happens
     * otherwise, or when called again). Calls that need the key meanwhile wait for it.
     */
    public void generateInBackground() {
        if (ring == null && backgroundStarted.compareAndSet(false, true)) {
            Thread background = new Thread(() -> {
                try {
                    firstRing();
                } catch (RuntimeException e) {
                    // logged by firstRing; the next call that needs the key tries again
                }
            }, "signing-key-generation");
            background.setDaemon(true);
            background.start();
        }
    }

    private SigningKeys(StateStore store, Optional<JWK> configured, Optional<SigningAlgorithm> algorithm,
            boolean signing, Clock clock, Function<SigningAlgorithm, JWK> generator) {
        this.store = store;
        this.clock = clock;
        this.configured = configured;
        this.algorithm = configured.isPresent() ? Optional.of(SigningJwks.algorithmOf(configured.get())) : algorithm;
        this.signing = signing;
        this.generator = generator;
        // an empty store (no key to use yet) leaves the ring to generateInBackground() or the first use
        KeyRing loaded = signing && configured.isEmpty() && readPrivateKeys().isEmpty() ? null : load();
        if (loaded != null && signing && configured.isEmpty() && this.algorithm.isPresent()
                && SigningJwks.algorithmOf(loaded.current()) != this.algorithm.get()) {
            // a new key of the new algorithm is generated like a first key: in the background, start-up goes on
            pendingSwitch = this.algorithm.get();
            loaded = null;
        }
        this.ring = loaded;
    }

    private static void logReady(String source, KeyRing r) {
        LOG.info("event=signing_keys_ready source={} current_kid={} alg={} keys={}", source, r.current().getKeyID(),
                SigningJwks.algorithmOf(r.current()), r.byKid().size());
    }

    /** The ring; the first call of a fresh start waits for (or does) the generation of the first key. */
    private KeyRing ring() {
        KeyRing r = ring;
        return r != null ? r : firstRing();
    }

    /**
     * Loads the first ring of an instance that started on an empty store: generates a key, elects it (replicas
     * starting together converge on one) and publishes it. Run by the background thread or the first caller, under
     * the lock: whoever comes second finds the ring set.
     */
    private synchronized KeyRing firstRing() {
        if (ring == null) {
            String source;
            try {
                SigningAlgorithm switchTo = pendingSwitch;
                source = switchTo != null ? "switched" : "generated";
                if (switchTo != null) {
                    ring = switchAlgorithm(switchTo);
                    pendingSwitch = null;
                } else {
                    ring = load();
                }
            } catch (RuntimeException e) {
                LOG.warn("event=signing_key_generation_failed error={}", e.getClass().getSimpleName());
                throw e;
            }
            logReady(source, ring);
        }
        return ring;
    }

    /**
     * Makes a new key of {@code wanted} current, unless another replica starting with the same setting holds the
     * switch lock or has already switched: then its key is adopted (now, or on a later reload).
     */
    private KeyRing switchAlgorithm(SigningAlgorithm wanted) {
        KeyRing now = load();
        SigningAlgorithm was = SigningJwks.algorithmOf(now.current());
        if (was == wanted) {
            return now;
        }
        if (!store.putIfAbsent(SWITCH_LOCK, "1", SWITCH_LOCK_TTL)) {
            LOG.info("event=signing_alg_switch_elsewhere alg={} current_alg={}", wanted, was);
            return now;
        }
        try {
            JWK key = storeNewCurrent(wanted);
            LOG.info("event=signing_alg_switched from={} to={} current_kid={}", was, wanted, key.getKeyID());
            return load();
        } finally {
            store.delete(SWITCH_LOCK);
        }
    }

    /**
     * Keys that only verify: the public JWK set under {@value #PUBLIC_KEYS}, nothing else read, nothing written.
     * The set may still be empty (the authorization server has not started yet): unknown kids reload it.
     * {@link #current()} and {@link #rotate()} throw {@link IllegalStateException}.
     */
    public static SigningKeys verifyOnly(StateStore store, Clock clock) {
        SigningKeys keys = new SigningKeys(store, Optional.empty(), Optional.empty(), false, clock,
                SigningJwks::generate);
        LOG.info("event=signing_keys_ready source=published current_kid=none keys={}", keys.ring.byKid().size());
        return keys;
    }

    /** The key new tokens are signed with (an {@code RSAKey}, {@code ECKey} or {@code OctetKeyPair}). */
    public JWK current() {
        if (!signing) {
            throw new IllegalStateException("these keys only verify tokens (public keys of " + PUBLIC_KEYS + ")");
        }
        return fresh().current();
    }

    /** The ring, reloaded first when older than {@link #RELOAD_INTERVAL}. */
    private KeyRing fresh() {
        KeyRing r = ring();
        if (clock.millis() - r.loadedAtMillis() > RELOAD_INTERVAL.toMillis()) {
            r = reload();
        }
        return r;
    }

    /** The public key named {@code kid}, if it is one of ours (an unknown kid triggers a rate-limited reload). */
    public Optional<JWK> verificationKey(String kid) {
        if (kid == null) {
            return Optional.empty();
        }
        KeyRing r = signing ? ring() : fresh(); // a verifier also drops keys the signer no longer publishes
        JWK key = r.byKid().get(kid);
        // An empty ring (the authorization server had not published its first key yet) always looks again: it cannot
        // verify anything as it is, and the first key is generated in the background after the signer starts.
        if (key == null && (r.byKid().isEmpty()
                || clock.millis() - r.loadedAtMillis() > UNKNOWN_KID_RELOAD_INTERVAL.toMillis())) {
            key = reload().byKid().get(kid);
        }
        return Optional.ofNullable(key);
    }

    /** The JWK Set document (RFC 7517 §5): every key, public parameters only, with its kid, use=sig and alg. */
    public Map<String, Object> publicJwks() {
        List<Object> keys = new ArrayList<>();
        // reloads a ring older than RELOAD_INTERVAL, so a rotation elsewhere is published here too
        for (JWK key : fresh().byKid().values()) {
            keys.add(key.toPublicJWK().toJSONObject());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keys", keys);
        return doc;
    }

    /**
     * Generates a new current key of the configured algorithm (or, when none was given, of the current key's); the
     * previous ones stay for verification and publication.
     *
     * @throws IllegalStateException when the key comes from {@code JWT_PRIVATE_KEY_B64}, or these keys only verify
     */
    public synchronized JWK rotate() {
        return rotate(algorithm.orElseGet(this::storedAlgorithm));
    }

    /**
     * Generates a new current key of {@code newAlgorithm}; the previous ones, whatever their algorithm, stay for
     * verification and publication.
     *
     * @throws IllegalStateException when the key comes from {@code JWT_PRIVATE_KEY_B64}, or these keys only verify
     */
    public synchronized JWK rotate(SigningAlgorithm newAlgorithm) {
        if (!signing) {
            throw new IllegalStateException("these keys only verify tokens; rotate where the private keys are");
        }
        if (configured.isPresent()) {
            throw new IllegalStateException("the signing key is configured (JWT_PRIVATE_KEY_B64); rotate it there");
        }
        storeNewCurrent(newAlgorithm);
        pendingSwitch = null;
        KeyRing r = reload();
        AuditLog.info("event=signing_key_rotated current_kid={} alg={} keys={}", r.current().getKeyID(), newAlgorithm,
                r.byKid().size());
        return r.current();
    }

    /** The algorithm new tokens are signed with. */
    public SigningAlgorithm currentAlgorithm() {
        return SigningJwks.algorithmOf(current());
    }

    private SigningAlgorithm storedAlgorithm() {
        List<JWK> stored = readKeys(PRIVATE_KEYS);
        return stored.isEmpty() ? SigningAlgorithm.DEFAULT : SigningJwks.algorithmOf(stored.get(0));
    }

    /** Puts a new key of {@code alg} first in both records (private first); at most {@value #MAX_KEYS} stay. */
    private JWK storeNewCurrent(SigningAlgorithm alg) {
        List<JWK> keys = new ArrayList<>(readKeys(PRIVATE_KEYS));
        JWK key = generator.apply(alg);
        keys.add(0, key);
        while (keys.size() > MAX_KEYS) {
            keys.remove(keys.size() - 1);
        }
        store.putEternal(PRIVATE_KEYS, write(keys));
        store.putEternal(PUBLIC_KEYS, writePublic(keys));
        return key;
    }

    /**
     * One stored key as an operator sees it.
     *
     * @param current    whether it signs new tokens
     * @param privateKey whether its private part is stored (generated keys); false for a configured key or a key
     *                   kept only as published
     */
    public record KeyInfo(String kid, boolean current, boolean privateKey) {
    }

    /** The keys in the store, current first: the published set, marked with what the private record holds. */
    public static List<KeyInfo> describe(StateStore store) {
        SigningKeys reader = new SigningKeys(store, Optional.empty(), Optional.empty(), false, Clock.systemUTC(),
                SigningJwks::generate);
        List<String> privateKids = reader.readKeys(PRIVATE_KEYS).stream().map(JWK::getKeyID).toList();
        List<KeyInfo> out = new ArrayList<>();
        List<JWK> published = reader.readKeys(PUBLIC_KEYS);
        for (int i = 0; i < published.size(); i++) {
            String kid = published.get(i).getKeyID();
            out.add(new KeyInfo(kid, i == 0, privateKids.contains(kid)));
        }
        return out;
    }

    /**
     * Removes the key {@code kid} from both records: tokens it signed stop verifying on every replica within
     * {@link #RELOAD_INTERVAL} (at once here). The current key cannot be retired: rotate first.
     *
     * @return whether the key was stored
     * @throws IllegalStateException for the current key, a configured key, or verify-only keys
     */
    public synchronized boolean retire(String kid) {
        if (!signing) {
            throw new IllegalStateException("these keys only verify tokens; retire where the private keys are");
        }
        if (configured.isPresent() && configured.get().getKeyID().equals(kid)) {
            throw new IllegalStateException("the key " + kid + " is configured (JWT_PRIVATE_KEY_B64); change it there");
        }
        List<JWK> privateKeys = new ArrayList<>(readKeys(PRIVATE_KEYS));
        List<JWK> published = new ArrayList<>(readKeys(PUBLIC_KEYS));
        String currentKid = configured.map(JWK::getKeyID)
                .orElse(privateKeys.isEmpty() ? null : privateKeys.get(0).getKeyID());
        if (kid.equals(currentKid)) {
            throw new IllegalStateException("the key " + kid + " signs new tokens; rotate first, then retire it");
        }
        boolean removed = privateKeys.removeIf(k -> k.getKeyID().equals(kid));
        removed |= published.removeIf(k -> k.getKeyID().equals(kid));
        if (!removed) {
            return false;
        }
        store.putEternal(PRIVATE_KEYS, write(privateKeys));
        store.putEternal(PUBLIC_KEYS, writePublic(published));
        reload();
        AuditLog.info("event=signing_key_retired kid={}", kid);
        return true;
    }

    private synchronized KeyRing reload() {
        ring = load();
        return ring;
    }

    private KeyRing load() {
        if (!signing) {
            Map<String, JWK> byKid = new LinkedHashMap<>();
            readKeys(PUBLIC_KEYS).forEach(k -> byKid.putIfAbsent(k.getKeyID(), k.toPublicJWK()));
            return new KeyRing(null, Collections.unmodifiableMap(byKid), clock.millis());
        }
        List<JWK> stored = readPrivateKeys();
        if (stored.isEmpty() && configured.isEmpty()) {
            String generated = write(List.of(generator.apply(algorithm.orElse(SigningAlgorithm.DEFAULT))));
            // the store has no eternal putIfAbsent: elect with a bounded TTL, then make the winner's record eternal
            if (store.putIfAbsent(PRIVATE_KEYS, generated, BOOTSTRAP_TTL)) {
                store.putEternal(PRIVATE_KEYS, generated);
            }
            stored = readKeys(PRIVATE_KEYS);
            if (stored.isEmpty()) {
                throw new IllegalStateException("the signing keys could not be stored under " + PRIVATE_KEYS);
            }
        }
        if (!stored.isEmpty()) {
            makeEternal();
        }
        Map<String, JWK> byKid = new LinkedHashMap<>();
        configured.ifPresent(k -> byKid.put(k.getKeyID(), k));
        stored.forEach(k -> byKid.putIfAbsent(k.getKeyID(), k));
        publishMissing(byKid);
        JWK current = configured.isPresent() ? configured.get() : stored.get(0);
        return new KeyRing(current, Collections.unmodifiableMap(byKid), clock.millis());
    }

    /** The stored private keys, moving those an earlier version kept under {@value #PUBLIC_KEYS} first. */
    private List<JWK> readPrivateKeys() {
        List<JWK> stored = readKeys(PRIVATE_KEYS);
        if (stored.isEmpty()) {
            List<JWK> legacy = readKeys(PUBLIC_KEYS).stream().filter(JWK::isPrivate).toList();
            if (!legacy.isEmpty()) {
                store.putEternal(PRIVATE_KEYS, write(legacy));
                store.putEternal(PUBLIC_KEYS, writePublic(legacy));
                LOG.info("event=signing_keys_migrated private_record={} public_record={} keys={}", PRIVATE_KEYS,
                        PUBLIC_KEYS, legacy.size());
                stored = legacy;
            }
        }
        return stored;
    }

    /** Rewrites the public set when one of {@code byKid} is not in it (bootstrap, configured key, healing). */
    private void publishMissing(Map<String, JWK> byKid) {
        List<JWK> published = readKeys(PUBLIC_KEYS);
        List<String> publishedKids = published.stream().map(JWK::getKeyID).toList();
        boolean containsPrivate = published.stream().anyMatch(JWK::isPrivate);
        if (containsPrivate || !publishedKids.containsAll(byKid.keySet())) {
            store.putEternal(PUBLIC_KEYS, writePublic(List.copyOf(byKid.values())));
        }
    }

    /** Heals a record left with its bootstrap TTL (a replica that died between the two writes above). */
    private void makeEternal() {
        Optional<java.time.Duration> ttl = store.ttl(PRIVATE_KEYS);
        if (ttl.isPresent() && !StateStore.ETERNAL.equals(ttl.get())) {
            store.get(PRIVATE_KEYS).ifPresent(json -> store.putEternal(PRIVATE_KEYS, json));
        }
    }

    private List<JWK> readKeys(String storeKey) {
        Optional<String> json = store.get(storeKey);
        if (json.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> objects;
        try {
            objects = Json.MAPPER.readValue(json.get(), new TypeReference<List<Map<String, Object>>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the signing keys stored under " + storeKey + " are not readable");
        }
        List<JWK> keys = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            try {
                keys.add(SigningJwks.normalized(JWK.parse(o)));
            } catch (ParseException | IllegalArgumentException e) {
                // an HMAC (oct) key, an unknown curve, or a key whose alg is not that of its type: never used
                throw new IllegalStateException("a stored signing key under " + storeKey
                        + " is not a valid RSA, EC P-256 or Ed25519 signing JWK");
            }
        }
        return keys;
    }

    private static String writePublic(List<JWK> keys) {
        return write(keys.stream().map(JWK::toPublicJWK).toList());
    }

    private static String write(List<JWK> keys) {
        List<Map<String, Object>> objects = new ArrayList<>();
        keys.forEach(k -> objects.add(k.toJSONObject()));
        return Json.write(objects);
    }
}
