package io.mcpgw.store;

import java.util.Objects;
import java.util.Optional;

/** Chooses the state store from configuration: Redis when a URL is given, the in-memory store otherwise. */
public final class StateStores {

    private StateStores() {
    }

    /**
     * Opens the configured store.
     *
     * @param redisUrl {@code REDIS_URL}; absent or blank selects {@link MemoryStateStore}
     * @param password {@code REDIS_PASSWORD}; when present and non-empty it overrides a password in the URL
     * @throws StoreUnavailableException when a Redis URL is given but Redis cannot be reached
     * @throws IllegalArgumentException  when the Redis URL cannot be parsed
     */
    public static StateStore open(Optional<String> redisUrl, Optional<String> password) {
        return open(redisUrl, Optional.empty(), password);
    }

    /**
     * {@link #open(Optional, Optional)} as a Redis ACL user.
     *
     * @param username the Redis ACL user ({@code AUTH username password}); empty = the {@code default} user
     */
    public static StateStore open(Optional<String> redisUrl, Optional<String> username, Optional<String> password) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(username, "username");
        return Objects.requireNonNull(redisUrl, "redisUrl")
                .map(String::strip)
                .filter(url -> !url.isEmpty())
                .<StateStore>map(url -> new RedisStateStore(url, username, password, RedisStateStore.Options.DEFAULTS))
                .orElseGet(MemoryStateStore::new);
    }
}
