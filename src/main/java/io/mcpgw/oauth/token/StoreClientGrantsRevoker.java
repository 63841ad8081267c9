package io.mcpgw.oauth.token;

import io.mcpgw.oauth.client.ClientGrantsRevoker;

/** RFC 7592 §2.3: deleting a client revokes every grant, access token and refresh token it holds. */
public final class StoreClientGrantsRevoker implements ClientGrantsRevoker {
    private final GrantStore grants;

    public StoreClientGrantsRevoker(GrantStore grants) {
        this.grants = grants;
    }

    @Override
    public void revokeEverythingOf(String clientId) {
        grants.revokeClient(clientId);
    }
}
