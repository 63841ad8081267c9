package io.mcpgw.oauth.client;

/** Revokes every access token, refresh token and grant of a client (RFC 7592 DELETE). */
@FunctionalInterface
public interface ClientGrantsRevoker {
    void revokeEverythingOf(String clientId);
}
