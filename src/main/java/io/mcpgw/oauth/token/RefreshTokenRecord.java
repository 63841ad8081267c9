package io.mcpgw.oauth.token;

/**
 * A live refresh token, stored under the SHA-256 of the token ({@code oauth:refresh:{sha256}}); the token itself is
 * never stored.
 *
 * @param issuedAt  epoch seconds
 * @param expiresAt epoch seconds
 */
public record RefreshTokenRecord(String grantId, String clientId, String subject, String username, long issuedAt,
                                 long expiresAt) {
}
