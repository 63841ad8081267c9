package io.mcpgw.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random secrets and their at-rest form. Every secret the gateway hands out (client secrets, registration access
 * tokens, authorization codes, refresh tokens, upstream state, CSRF tokens) has 256 bits of entropy, so an unsalted
 * SHA-256 is a sound at-rest form: the store never holds a usable secret. Comparisons are constant-time.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String random() {
        return random(32);
    }

    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64URL.encodeToString(b);
    }

    /** base64url(SHA-256(value)) — the form in which secrets are stored and looked up. */
    public static String hash(String value) {
        return B64URL.encodeToString(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time comparison of {@code presented} against a stored {@link #hash}. */
    public static boolean matchesHash(String presented, String storedHash) {
        if (presented == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time string equality. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data); // digest() resets the instance for the next call
    }

    /** One digest per thread: {@code MessageDigest.getInstance} looks the provider up on every call. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
