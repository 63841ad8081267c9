package io.mcpgw.oauth.upstream;

import java.util.Optional;

/**
 * The answer of a re-check of a user's access rule with the upstream.
 *
 * <ul>
 *   <li>{@link Status#ALLOWED}: the rule still holds; {@code credential} is the upstream token to keep from now on
 *       when the provider rotated it;</li>
 *   <li>{@link Status#DENIED}: the rule no longer holds, or the upstream refused the kept token (the user removed
 *       the app, was disabled, or the token expired): the user's grants end;</li>
 *   <li>{@link Status#UNKNOWN}: the upstream could not be asked (unreachable, 5xx, rate limit): nothing changes,
 *       the next check asks again. An outage of the provider does not lock everyone out.</li>
 * </ul>
 */
public record Entitlement(Status status, Optional<String> credential, String reason) {
    public enum Status { ALLOWED, DENIED, UNKNOWN }

    public static Entitlement allowed(Optional<String> rotatedCredential) {
        return new Entitlement(Status.ALLOWED, rotatedCredential, "allowed");
    }

    public static Entitlement denied(String reason) {
        return new Entitlement(Status.DENIED, Optional.empty(), reason);
    }

    public static Entitlement unknown(String reason) {
        return new Entitlement(Status.UNKNOWN, Optional.empty(), reason);
    }

    @Override
    public String toString() {
        return "Entitlement[" + status + ", " + reason + "]";
    }
}
