package io.mcpgw.store;

import java.time.Duration;

/** The TTL rule shared by every {@link StateStore}: a write's time to live is given and positive. */
final class Ttls {

    private Ttls() {
    }

    /** Returns {@code ttl}; throws {@link IllegalArgumentException} when it is null, zero or negative. */
    static Duration requirePositive(Duration ttl, String what) {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + ttl);
        }
        return ttl;
    }
}
