package io.mcpgw.store;

import io.mcpgw.config.RedisUrl;
import java.util.Objects;
import java.util.Optional;

/** Chooses the state store from configuration: Redis when a URL is given, the in-memory store otherwise. */
public final class StateStores {

    private StateStores() {
    }

    /**
     * Opens the configured store.
     *
     * @param redis {@code REDIS_URL} as the settings parsed it (ACL user and password included); absent selects
     *              {@link MemoryStateStore}
     * @throws StoreUnavailableException when Redis cannot be reached or refuses the credentials
     */
    public static StateStore open(Optional<RedisUrl> redis) {
        return Objects.requireNonNull(redis, "redis").<StateStore>map(RedisStateStore::new)
                .orElseGet(MemoryStateStore::new);
    }

    /**
     * Opens the store for a {@code REDIS_URL} text and a separate password (used when the URL has none).
     *
     * @param redisUrl absent or blank selects {@link MemoryStateStore}
     * @throws IllegalArgumentException  when the URL cannot be parsed (the message never quotes the password)
     * @throws StoreUnavailableException when Redis cannot be reached
     */
    public static StateStore open(Optional<String> redisUrl, Optional<String> password) {
        Objects.requireNonNull(password, "password");
        return open(Objects.requireNonNull(redisUrl, "redisUrl").map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> RedisUrl.parse(url).orPassword(password)));
    }
}
