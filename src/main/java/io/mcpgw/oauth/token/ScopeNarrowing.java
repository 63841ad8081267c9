package io.mcpgw.oauth.token;

import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.Scopes;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code scope} parameter of a refresh request (RFC 6749 §6): the requested scope must not include any scope not
 * originally granted ({@code invalid_scope}); omitted, it means the whole granted scope.
 */
final class ScopeNarrowing {

    private ScopeNarrowing() {
    }

    /** The space-delimited scope of the new access token. */
    static String narrow(Optional<String> requested, String granted) {
        if (requested.isEmpty()) {
            return granted;
        }
        Set<String> wanted = Scopes.parse(requested.get());
        Set<String> allowed = Scopes.parse(granted);
        if (wanted.isEmpty() || !allowed.containsAll(wanted)) {
            throw OAuthError.invalidScope("the requested scope exceeds the scope originally granted").exception();
        }
        return Scopes.format(wanted);
    }
}
