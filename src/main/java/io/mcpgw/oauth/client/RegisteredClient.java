package io.mcpgw.oauth.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dynamically registered client (RFC 7591 §2). Secrets are never kept: only SHA-256 hashes of the client secret
 * and of the registration access token.
 *
 * @param clientId                    opaque random identifier
 * @param clientSecretHash            base64url SHA-256 of the secret; empty for public clients ({@code none})
 * @param tokenEndpointAuthMethod     {@code none}, {@code client_secret_basic} or {@code client_secret_post}
 * @param redirectUris                exact registered redirect URIs (validated by {@code RedirectUriRules})
 * @param clientName                  display name shown on the consent page (escaped there), may be empty
 * @param scope                       registered scope string, may be empty
 * @param grantTypes                  subset of {@code authorization_code}, {@code refresh_token}
 * @param responseTypes               {@code ["code"]}
 * @param metadata                    every other registered metadata value echoed back (client_uri, logo_uri,
 *                                    contacts, tos_uri, policy_uri, software_id, software_version, application_type…)
 * @param clientIdIssuedAt            epoch seconds
 * @param clientSecretExpiresAt       epoch seconds of a fixed secret expiry; 0 = none of its own: the secret lives
 *                                    as long as the client (idle {@code CLIENT_LIFETIME})
 * @param registrationAccessTokenHash base64url SHA-256 of the RFC 7592 registration access token
 */
public record RegisteredClient(
        String clientId,
        Optional<String> clientSecretHash,
        String tokenEndpointAuthMethod,
        List<String> redirectUris,
        String clientName,
        String scope,
        List<String> grantTypes,
        List<String> responseTypes,
        Map<String, Object> metadata,
        long clientIdIssuedAt,
        long clientSecretExpiresAt,
        String registrationAccessTokenHash) {

    public static final String AUTH_NONE = "none";
    public static final String AUTH_BASIC = "client_secret_basic";
    public static final String AUTH_POST = "client_secret_post";

    public boolean isPublic() {
        return AUTH_NONE.equals(tokenEndpointAuthMethod);
    }

    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }
}
