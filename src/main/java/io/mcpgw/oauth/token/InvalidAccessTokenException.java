package io.mcpgw.oauth.token;

import java.util.EnumMap;
import java.util.Map;

/**
 * An access token failed validation. One immutable, stack-less instance per reason, so refusing a flood of bad tokens
 * allocates nothing. The message is the reason only: never the token.
 */
public final class InvalidAccessTokenException extends RuntimeException {
    private static final Map<AccessTokenFailure, InvalidAccessTokenException> INSTANCES =
            new EnumMap<>(AccessTokenFailure.class);

    static {
        for (AccessTokenFailure reason : AccessTokenFailure.values()) {
            INSTANCES.put(reason, new InvalidAccessTokenException(reason));
        }
    }

    private final AccessTokenFailure reason;

    private InvalidAccessTokenException(AccessTokenFailure reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public static InvalidAccessTokenException of(AccessTokenFailure reason) {
        return INSTANCES.get(reason);
    }

    public AccessTokenFailure reason() {
        return reason;
    }
}
