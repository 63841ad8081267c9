package io.mcpgw.access;

/**
 * The {@code WWW-Authenticate: Bearer} challenge of RFC 6750 §3 with RFC 9728 §5.1 {@code resource_metadata}:
 * no {@code error} when no token was presented, {@code invalid_token} for a bad one, {@code insufficient_scope}
 * (with the scope needed) on 403.
 */
public final class BearerChallenge {
    private BearerChallenge() {
    }

    public static String of(String resourceMetadataUrl, String scope, String error, String description) {
        StringBuilder sb = new StringBuilder("Bearer resource_metadata=").append(quote(resourceMetadataUrl));
        if (scope != null) {
            sb.append(", scope=").append(quote(scope));
        }
        if (error != null) {
            sb.append(", error=").append(quote(error));
        }
        if (description != null) {
            sb.append(", error_description=").append(quote(description));
        }
        return sb.toString();
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
