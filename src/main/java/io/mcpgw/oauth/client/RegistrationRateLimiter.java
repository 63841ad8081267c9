package io.mcpgw.oauth.client;

import io.mcpgw.store.StateStore;
import java.time.Duration;

/**
 * Fixed-window limit on new clients per client address ({@code REGISTER_RATE_LIMIT} per minute, 0 = off): one
 * counter {@code oauth:ratelimit:register:{address}} per address, created by the first request of a window and
 * expiring with it. Open registration (RFC 7591 §3, MCP security best practices) needs this so one caller cannot
 * fill the store. The caller passes the address of the client (the TCP peer, or behind a trusted proxy the client it
 * forwards for; never a header an untrusted peer could forge), so one abuser exhausts only their own limit.
 */
public final class RegistrationRateLimiter {
    static final String PREFIX = "oauth:ratelimit:register:";
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESS_LENGTH = 64;

    private final StateStore store;
    private final int perMinute;

    /** @param perMinute registrations allowed per address and minute; 0 or less = no limit */
    public RegistrationRateLimiter(StateStore store, int perMinute) {
        this.store = store;
        this.perMinute = perMinute;
    }

    /** Counts one new client for {@code sourceAddress}; throws when it is over the limit. */
    public void check(String sourceAddress) {
        if (perMinute <= 0) {
            return;
        }
        String key = PREFIX + bucket(sourceAddress);
        if (store.increment(key, WINDOW) > perMinute) {
            throw new TooManyRegistrationsException(secondsLeft(key));
        }
    }

    private long secondsLeft(String key) {
        return store.ttl(key)
                .filter(ttl -> !ttl.equals(StateStore.ETERNAL) && !ttl.isNegative())
                .map(ttl -> Math.max(1, Math.min(WINDOW.toSeconds(), (ttl.toMillis() + 999) / 1000)))
                .orElse(WINDOW.toSeconds());
    }

    private static String bucket(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        String trimmed = address.strip();
        return trimmed.length() > MAX_ADDRESS_LENGTH ? trimmed.substring(0, MAX_ADDRESS_LENGTH) : trimmed;
    }
}
