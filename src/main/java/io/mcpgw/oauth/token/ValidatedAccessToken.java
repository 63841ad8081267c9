package io.mcpgw.oauth.token;

import java.time.Instant;
import java.util.List;

/**
 * The claims of an access token that passed {@link AccessTokenValidator}.
 *
 * @param subject   {@code sub}: upstream user id
 * @param username  {@code username}, may be null
 * @param email     {@code email}, may be null
 * @param name      {@code name}, may be null
 * @param clientId  {@code client_id} (RFC 9068 §2.2)
 * @param scopes    {@code scope}, split on spaces
 * @param audiences {@code aud}, as a list (empty when absent)
 * @param jti       {@code jti}
 * @param issuedAt  {@code iat}, null when absent
 * @param notBefore {@code nbf}, null when absent
 * @param expiresAt {@code exp}
 */
public record ValidatedAccessToken(
        String subject,
        String username,
        String email,
        String name,
        String clientId,
        List<String> scopes,
        List<String> audiences,
        String jti,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt) {

    /** The scopes as the space-delimited {@code scope} string. */
    public String scope() {
        return String.join(" ", scopes);
    }
}
