package io.mcpgw.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

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
        return hash(value, 0, value.length());
    }

    /**
     * {@link #hash} of {@code value.substring(from, to)} without making that substring (a bearer token inside its
     * {@code Authorization} header).
     */
    public static String hash(String value, int from, int to) {
        Objects.checkFromToIndex(from, to, value.length());
        byte[] digest = DIGEST_OUT.get();
        byte[] ascii = asciiBytes(value, from, to);
        try {
            MessageDigest sha = SHA256.get();
            if (ascii != null) {
                sha.update(ascii, 0, to - from);
            } else {
                sha.update(value.substring(from, to).getBytes(StandardCharsets.UTF_8));
            }
            sha.digest(digest, 0, digest.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e); // a 32-byte buffer always holds a SHA-256
        }
        byte[] encoded = ENCODED.get();
        int length = B64URL.encode(digest, encoded);
        return new String(encoded, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * The characters {@code from..to} of {@code value} as bytes in this thread's buffer when they are ASCII (every
     * token and secret the gateway issues, and any JWT): their UTF-8 form without a copy per call; null otherwise
     * (then the caller encodes them).
     */
    private static byte[] asciiBytes(String value, int from, int to) {
        int n = to - from;
        if (n > MAX_BUFFERED) {
            return null;
        }
        byte[] buffer = ASCII_IN.get();
        if (buffer.length < n) {
            buffer = new byte[Math.max(n, buffer.length * 2)];
            ASCII_IN.set(buffer);
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(from + i);
            if (c >= 0x80) {
                return null;
            }
            buffer[i] = (byte) c;
        }
        return buffer;
    }

    /** Longer values (none the gateway issues) are encoded per call rather than kept in a thread's buffer. */
    private static final int MAX_BUFFERED = 16 * 1024;
    private static final ThreadLocal<byte[]> ASCII_IN = ThreadLocal.withInitial(() -> new byte[1024]);
    private static final ThreadLocal<byte[]> DIGEST_OUT = ThreadLocal.withInitial(() -> new byte[32]);
    private static final ThreadLocal<byte[]> ENCODED = ThreadLocal.withInitial(() -> new byte[43]);

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
