package io.mcpgw.oauth.code;

import io.mcpgw.oauth.UserIdentity;
import java.util.List;

/**
 * What an authorization code stands for, kept server-side under the code's hash until it is redeemed once
 * (OAuth 2.1 §4.1.2/§4.1.3).
 *
 * @param clientId      the client the code was issued to; only it can redeem the code
 * @param redirectUri   the redirect URI used at /authorize (exact string); the token request must repeat it
 * @param codeChallenge PKCE S256 challenge (RFC 7636)
 * @param scope         granted scope, space-delimited
 * @param resources     audience: the MCP resource URLs the tokens will be valid for (RFC 8707)
 * @param user          who logged in upstream
 * @param grantId       identifies every token issued from this code (replay revokes them all)
 * @param issuedAt      epoch seconds
 */
public record AuthorizationCode(
        String clientId,
        String redirectUri,
        String codeChallenge,
        String scope,
        List<String> resources,
        UserIdentity user,
        String grantId,
        long issuedAt) {
}
