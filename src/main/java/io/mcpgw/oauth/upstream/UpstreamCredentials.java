package io.mcpgw.oauth.upstream;

import io.mcpgw.store.StateStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The upstream token kept per grant to re-check the user's access rule (GitHub access token, OpenID refresh token).
 *
 * <p>Rules: stored only encrypted (AES-256-GCM, a random 96-bit IV per write, the grant id as associated data, so a
 * ciphertext moved to another grant does not decrypt); bound to its grant and deleted with it; never logged
 * ({@link #toString} names no value). The key comes from {@code UPSTREAM_TOKEN_KEY}; without it a random key is
 * generated once and kept in the store ({@code oauth:upstream_token_key}, like the generated signing key), read on
 * first use only, so the services role, which never decrypts, never touches it. With a key that no longer matches,
 * the kept tokens do not decrypt and their users are asked to sign in again at their next check.
 *
 * <p>Key schema: {@code oauth:upstream_token:{grant_id}} → base64(iv ‖ ciphertext), TTL = the grant's (until the
 * grant exists, the authorization code's: {@link #keepUntilRedeemed});
 * {@code oauth:upstream_grants} → set of grant ids with a kept token (the grants the re-check visits).
 */
public final class UpstreamCredentials {
    public static final String TOKEN = "oauth:upstream_token:";
    public static final String GRANTS = "oauth:upstream_grants";
    static final String GENERATED_KEY = "oauth:upstream_token_key";
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StateStore store;
    private final Optional<byte[]> configuredKey;
    private final Duration lifetime;
    private volatile SecretKeySpec key;

    /**
     * @param key      32 bytes; empty = generated once and kept in the store
     * @param lifetime how long a kept token lives without use (the grant's idle lifetime)
     */
    public UpstreamCredentials(StateStore store, Optional<byte[]> key, Duration lifetime) {
        this.store = store;
        this.configuredKey = key.map(byte[]::clone);
        this.lifetime = lifetime;
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            byte[] raw = configuredKey.orElseGet(() -> {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                // the store has no eternal putIfAbsent: elect with a bounded TTL, then make the winner's key eternal
                String candidate = Base64.getEncoder().encodeToString(fresh);
                if (store.putIfAbsent(GENERATED_KEY, candidate, Duration.ofMinutes(1))) {
                    store.putEternal(GENERATED_KEY, candidate);
                }
                return Base64.getDecoder().decode(store.get(GENERATED_KEY).orElseThrow(
                        () -> new IllegalStateException("the generated upstream token key vanished from the store")));
            });
            k = new SecretKeySpec(raw, "AES");
            key = k;
        }
        return k;
    }

    /** How long the token of a sign-in waits for its authorization code to be redeemed (codes live 10 minutes at most). */
    public static final Duration UNTIL_REDEEMED = Duration.ofMinutes(15);

    /** Keeps {@code credential} for {@code grantId} (replacing an older one) and lists the grant for re-checks. */
    public void keep(String grantId, String credential) {
        keep(grantId, credential, lifetime);
    }

    /**
     * Keeps the token of a sign-in whose grant exists only once its code is redeemed: it expires with the code
     * unless the grant is stored (which extends it to the grant's lifetime).
     */
    public void keepUntilRedeemed(String grantId, String credential) {
        keep(grantId, credential, UNTIL_REDEEMED);
    }

    private void keep(String grantId, String credential, Duration ttl) {
        store.put(TOKEN + grantId, encrypt(grantId, credential), ttl);
        store.addToSet(GRANTS, grantId, lifetime);
    }

    /** Whether a (possibly undecryptable) token is stored for {@code grantId}. */
    public boolean holds(String grantId) {
        return store.get(TOKEN + grantId).isPresent();
    }

    /** The kept token of {@code grantId}; empty when none, expired, or not decryptable with this key. */
    public Optional<String> find(String grantId) {
        return store.get(TOKEN + grantId).flatMap(v -> decrypt(grantId, v));
    }

    /** Deletes the kept token of {@code grantId}. Idempotent. */
    public void forget(String grantId) {
        store.delete(TOKEN + grantId);
        store.removeFromSet(GRANTS, grantId);
    }

    /** The grants with a kept token. */
    public Set<String> grants() {
        return store.members(GRANTS);
    }

    private String encrypt(String grantId, String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, iv));
            c.updateAAD(grantId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private Optional<String> decrypt(String grantId, String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            if (all.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, IV_BYTES));
            c.updateAAD(grantId.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "UpstreamCredentials[AES-256-GCM]";
    }
}
