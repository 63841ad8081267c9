package io.mcpgw.oauth;

/**
 * The person behind a grant, as the upstream identity provider reported it at login.
 *
 * @param subject  stable upstream id (GitHub's numeric id as a string; {@code local-<login>} for the development login)
 * @param username login name (GitHub login)
 * @param email    may be null
 * @param name     display name, may be null
 */
public record UserIdentity(String subject, String username, String email, String name) {
}
