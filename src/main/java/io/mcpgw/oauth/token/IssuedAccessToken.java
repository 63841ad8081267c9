package io.mcpgw.oauth.token;

import java.time.Instant;

/**
 * A freshly signed access token. {@code value} is the compact JWT, handed to the client once and never stored or
 * logged; the store keeps only its {@code jti}.
 */
public record IssuedAccessToken(String value, String jti, Instant issuedAt, Instant expiresAt) {
    @Override
    public String toString() {
        return "IssuedAccessToken[jti=" + jti + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
