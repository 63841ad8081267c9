package io.mcpgw.oauth.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Persistence of registered clients. Key schema: {@code oauth:client:{client_id}} (TTL {@code CLIENT_LIFETIME},
 * none when it is 0). The lifetime is an <b>idle</b> lifetime: every use of the client restarts it ({@link #touch}),
 * so a client in daily use never expires; one nobody uses for {@code CLIENT_LIFETIME} is removed.
 */
public interface ClientRepository {

    Optional<RegisteredClient> findById(String clientId);

    void save(RegisteredClient client);

    /**
     * Restarts the idle lifetime of {@code client} and of the records that live with it (its fingerprint and shared
     * mark); a client that already expired stays gone. No effect when clients never expire.
     */
    void touch(RegisteredClient client);

    /** Time left before the client expires unless used; empty when it never expires or does not exist. */
    Optional<Duration> timeLeft(String clientId);

    /** Every live client id, sorted, from the client index (operators' listing; no scan of the store). */
    java.util.SortedSet<String> allIds();

    /** Removes the client; returns whether it existed. Grants are revoked by the caller. */
    boolean delete(String clientId);
}
