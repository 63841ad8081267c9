package io.mcpgw.access;

import java.util.Map;
import java.util.List;

/** The outcome of {@link AccessGuard#check}. */
public sealed interface AccessDecision {

    /**
     * Access granted.
     *
     * @param userId   upstream user id ({@code X-User-Id})
     * @param username login ({@code X-User-Name})
     * @param email    may be null ({@code X-User-Email})
     * @param clientId the OAuth client ({@code X-Client-Id})
     * @param scopes   granted scopes
     */
    record Allowed(String userId, String username, String email, String clientId, List<String> scopes)
            implements AccessDecision {
    }

    /**
     * Access refused: the complete HTTP answer (401 with {@code WWW-Authenticate: Bearer resource_metadata=…},
     * or 403 {@code insufficient_scope}).
     */
    record Denied(int status, Map<String, String> headers, String contentType, String body) implements AccessDecision {
    }
}
