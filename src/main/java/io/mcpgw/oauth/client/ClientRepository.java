package io.mcpgw.oauth.client;

import java.util.Optional;

/**
 * Persistence of registered clients. Key schema: {@code oauth:client:{client_id}} (TTL {@code CLIENT_LIFETIME},
 * none when it is 0).
 */
public interface ClientRepository {

    Optional<RegisteredClient> findById(String clientId);

    void save(RegisteredClient client);

    /** Removes the client; returns whether it existed. Grants are revoked by the caller. */
    boolean delete(String clientId);
}
