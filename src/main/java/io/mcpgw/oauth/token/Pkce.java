package io.mcpgw.oauth.token;

import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * PKCE at the token endpoint (RFC 7636; OAuth 2.1 §4.1.3 makes it mandatory). Only S256 exists here: the challenge
 * stored with the code is {@code BASE64URL(SHA256(ASCII(code_verifier)))} (§4.6).
 * <ul>
 *   <li>{@link #requireWellFormed}: {@code code_verifier = 43*128unreserved} (§4.1); otherwise
 *       {@code invalid_request}, checked before the code is redeemed.</li>
 *   <li>{@link #matches}: the verifier's S256 equals the challenge, compared in constant time; a mismatch is
 *       {@code invalid_grant} at the caller.</li>
 * </ul>
 */
final class Pkce {
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    private Pkce() {
    }

    static void requireWellFormed(String verifier) {
        if (!VERIFIER.matcher(verifier).matches()) {
            throw OAuthError.invalidRequest(
                    "code_verifier must be 43 to 128 characters of [A-Z] / [a-z] / [0-9] / \"-\" / \".\" / \"_\" / \"~\"")
                    .exception();
        }
    }

    static boolean matches(String verifier, String challenge) {
        String computed = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
        return Secrets.constantTimeEquals(computed, challenge);
    }
}
