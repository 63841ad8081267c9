package io.mcpgw.oauth.authorize;

import java.util.List;

/**
 * A validated authorization request waiting for the user's consent and upstream login. Kept server-side only.
 *
 * @param state              the client's {@code state}, returned unchanged (may be null)
 * @param browserBindingHash hash of the consent cookie given to the browser that saw the consent page
 * @param csrfHash           hash of the CSRF token embedded in the consent form
 */
public record PendingAuthorization(
        String clientId,
        String redirectUri,
        String state,
        String codeChallenge,
        String scope,
        List<String> resources,
        String csrfHash,
        String browserBindingHash,
        long createdAt) {
}
