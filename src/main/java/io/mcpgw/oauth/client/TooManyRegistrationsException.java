package io.mcpgw.oauth.client;

import io.mcpgw.oauth.OAuthError;

/**
 * A source address went over {@code REGISTER_RATE_LIMIT} registrations in the current one-minute window. Rendered as
 * HTTP 429 with {@code Retry-After} set to the seconds left in the window. Carries no request data.
 */
public final class TooManyRegistrationsException extends RuntimeException {
    private static final OAuthError ERROR =
            new OAuthError("invalid_request", "too many registrations from this address, retry later", 429);
    private final long retryAfterSeconds;

    public TooManyRegistrationsException(long retryAfterSeconds) {
        super(ERROR.description(), null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public OAuthError error() {
        return ERROR;
    }

    /** Seconds until the window closes, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
