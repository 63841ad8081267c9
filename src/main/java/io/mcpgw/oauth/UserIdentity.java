package io.mcpgw.oauth;

import java.util.List;

/**
 * The person behind a grant, as the upstream identity provider reported it at login.
 *
 * @param subject  stable upstream id (GitHub's numeric id as a string; the OpenID provider's {@code sub};
 *                 {@code local-<login>} for the development login)
 * @param username login name (GitHub login; the OpenID provider's {@code preferred_username}, else email, else sub)
 * @param email    may be null
 * @param name     display name, may be null
 * @param groups   the OpenID provider's groups at login; empty for GitHub and the development login
 * @param upstream who vouched for the user: {@code github}, {@code oidc:<issuer>} or {@code local}; null in grants
 *                 stored before the upstream was recorded
 */
public record UserIdentity(String subject, String username, String email, String name, List<String> groups,
                           String upstream) {

    public UserIdentity {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** Without groups or upstream (the development login, and older stored grants). */
    public UserIdentity(String subject, String username, String email, String name) {
        this(subject, username, email, name, List.of(), null);
    }

    /** The upstream and the user there, for audit lines: {@code github:octocat}, {@code oidc:<issuer>:<sub>}. */
    public String upstreamIdentity() {
        String source = upstream == null ? "unknown" : upstream;
        return source.startsWith("oidc:") ? source + " sub=" + subject : source + ":" + username;
    }
}
