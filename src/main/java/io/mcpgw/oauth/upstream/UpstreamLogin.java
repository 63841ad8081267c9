package io.mcpgw.oauth.upstream;

import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.UserIdentity;
import java.util.Optional;

/**
 * The identity provider users sign in with after consenting: GitHub, any OpenID Connect provider, or the local
 * development login. The gateway never passes the provider's tokens on; it learns who the user is, and keeps (only
 * encrypted, only to re-check the access rule) the one upstream token that lets it ask again later.
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

    /**
     * {@link #complete}, together with the upstream token to keep for later re-checks of the access rule.
     *
     * @throws UpstreamLoginException as {@link #complete}
     */
    default UpstreamSignIn signIn(Parameters callback, String codeVerifier) {
        return new UpstreamSignIn(complete(callback, codeVerifier), Optional.empty());
    }

    /** Whether this user may use the gateway, as the provider described the user at login. */
    boolean allows(UserIdentity user);

    /**
     * Whether the user of this fresh sign-in may use the gateway; rules that need the upstream token (GitHub
     * organization and team membership) are asked with it.
     */
    default boolean allows(UpstreamSignIn signIn) {
        return allows(signIn.user());
    }

    /**
     * Asks the upstream again whether {@code user} still satisfies the access rule, with the token kept at login
     * ({@code credential}, empty when none was kept). Never throws.
     */
    default Entitlement recheck(UserIdentity user, Optional<String> credential) {
        return allows(user) ? Entitlement.allowed(Optional.empty()) : Entitlement.denied("the access rule changed");
    }
}
