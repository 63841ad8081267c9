package io.mcpgw.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** A PKCE pair as a client makes it (RFC 7636 §4.1–4.2). */
public record Pkce(String verifier, String challenge) {
    public static Pkce create() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        return new Pkce(verifier, s256(verifier));
    }

    public static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
