package io.mcpgw.oauth.client;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads the RFC 7592 §3 registration access token from an {@code Authorization} header: scheme {@code Bearer}
 * (case-insensitive, RFC 7235 §2.1) followed by the token (RFC 6750 §2.1). A missing header, another scheme or a
 * bare {@code Bearer} give no token, which the service answers with 401.
 */
public final class RegistrationCredentials {
    private static final int MAX_TOKEN_LENGTH = 4096;

    private RegistrationCredentials() {
    }

    public static Optional<String> bearerToken(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String header = authorizationHeader.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String token = header.substring(space + 1).strip();
        return token.isEmpty() || token.length() > MAX_TOKEN_LENGTH ? Optional.empty() : Optional.of(token);
    }
}
