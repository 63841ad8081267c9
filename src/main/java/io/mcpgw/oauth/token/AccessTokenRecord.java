package io.mcpgw.oauth.token;

/**
 * The server-side trace of an access token, {@code oauth:token:{jti}}: it exists while the token is live and not
 * revoked. It holds no part of the token itself.
 *
 * @param exp epoch seconds
 */
public record AccessTokenRecord(String grantId, String clientId, String subject, long exp) {
}
