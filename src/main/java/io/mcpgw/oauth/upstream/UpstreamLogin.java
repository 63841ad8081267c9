package io.mcpgw.oauth.upstream;

import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.UserIdentity;

/**
 * The identity provider users sign in with after consenting: GitHub, the local development login, or (later) any
 * OpenID Connect provider. The gateway never passes the provider's tokens on; it only learns who the user is.
 */
public interface UpstreamLogin {

    /** Name shown on the consent page ("GitHub"). */
    String displayName();

    /**
     * Where to send the browser to sign in. {@code state} is single-use and bound server-side to the pending
     * authorization; {@code codeVerifier} is the PKCE verifier for providers that support it.
     */
    String loginUrl(String state, String codeVerifier);

    /**
     * Completes the login from the provider's callback parameters.
     *
     * @throws UpstreamLoginException when the user cancelled, the provider failed, or the answer was unusable
     */
    UserIdentity complete(Parameters callback, String codeVerifier);

    /** Whether this user may use the gateway (for GitHub: {@code ALLOWED_GITHUB_USERS}). */
    boolean allows(UserIdentity user);
}
