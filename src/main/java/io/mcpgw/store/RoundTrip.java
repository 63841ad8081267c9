package io.mcpgw.store;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The start-up and health probe shared by both stores: write a random {@value #KEY_PREFIX}{@code <nonce>}
 * with a short TTL, read it back, then take it (read-and-delete), so a successful probe leaves no key behind.
 * Taking rather than deleting also proves the server supports the atomic take ({@code GETDEL}, Redis 6.2+).
 */
final class RoundTrip {

    static final String KEY_PREFIX = "oauth:healthcheck:";
    static final Duration TTL = Duration.ofSeconds(10);
    private static final String FAILED = "state store round trip failed: ";

    private RoundTrip() {
    }

    /** Runs the probe; any failure becomes a {@link StoreUnavailableException} starting with {@value #FAILED}. */
    static void check(StateStore store) {
        String nonce = UUID.randomUUID().toString();
        String key = KEY_PREFIX + nonce;
        Optional<String> read;
        Optional<String> taken;
        try {
            store.put(key, nonce, TTL);
            read = store.get(key);
            taken = store.take(key);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException(FAILED + e.getMessage(), e);
        }
        if (!read.equals(Optional.of(nonce))) {
            throw new StoreUnavailableException(FAILED + "wrote a random value to " + store.describe()
                    + " but read back " + (read.isPresent() ? "a different value" : "nothing"));
        }
        if (!taken.equals(Optional.of(nonce))) {
            throw new StoreUnavailableException(FAILED + "the value written to " + store.describe()
                    + " could not be taken back");
        }
    }
}
