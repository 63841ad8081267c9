package io.mcpgw.oauth.code;

import java.util.Optional;

/**
 * Single-use authorization codes. Key schema: {@code oauth:code:{sha256(code)}} (TTL {@code AUTH_CODE_LIFETIME});
 * {@code oauth:code_grant:{sha256(code)}} holds the grant id for replay detection (2 × lifetime).
 */
public interface AuthorizationCodeStore {

    /** Issues a new random code for {@code code}'s data and returns the code value (shown once, to the client). */
    String issue(AuthorizationCode code);

    /**
     * Atomically redeems {@code code}: of any number of concurrent callers exactly one gets the data. A later
     * attempt gets {@link Redemption#replayOf} with the grant id issued from the first redemption.
     */
    Redemption redeem(String code);

    /** Outcome of {@link #redeem}. */
    record Redemption(Optional<AuthorizationCode> code, Optional<String> replayOf) {
        public static Redemption unknown() {
            return new Redemption(Optional.empty(), Optional.empty());
        }
    }
}
