package io.mcpgw.oauth.token;

import io.mcpgw.oauth.client.RegisteredClient;

/**
 * A client that passed {@link ClientAuthenticator} for this request; only that class makes one, so a step that is
 * handed an {@code AuthenticatedClient} knows the credentials were checked.
 */
public final class AuthenticatedClient {
    private final RegisteredClient client;

    AuthenticatedClient(RegisteredClient client) {
        this.client = client;
    }

    public RegisteredClient client() {
        return client;
    }

    public String clientId() {
        return client.clientId();
    }

    @Override
    public String toString() {
        return "AuthenticatedClient[" + client.clientId() + "]";
    }
}
