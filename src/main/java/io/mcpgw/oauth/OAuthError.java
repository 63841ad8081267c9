package io.mcpgw.oauth;

/**
 * An OAuth error as RFC 6749 §5.2 (and RFC 7591 §3.2.2, RFC 6750 §3.1, RFC 8707 §2) define it: a code from the
 * registry, a human-readable description that never contains a secret, and the HTTP status it is sent with.
 *
 * @param code        {@code error} value, e.g. {@code invalid_request}
 * @param description {@code error_description}; plain text, safe to show, no secrets
 * @param status      HTTP status of a direct (non-redirect) response
 */
public record OAuthError(String code, String description, int status) {

    public static OAuthError invalidRequest(String description) {
        return new OAuthError("invalid_request", description, 400);
    }

    public static OAuthError invalidClient(String description) {
        return new OAuthError("invalid_client", description, 401);
    }

    public static OAuthError invalidGrant(String description) {
        return new OAuthError("invalid_grant", description, 400);
    }

    public static OAuthError unauthorizedClient(String description) {
        return new OAuthError("unauthorized_client", description, 400);
    }

    public static OAuthError unsupportedGrantType(String description) {
        return new OAuthError("unsupported_grant_type", description, 400);
    }

    public static OAuthError unsupportedResponseType(String description) {
        return new OAuthError("unsupported_response_type", description, 400);
    }

    public static OAuthError invalidScope(String description) {
        return new OAuthError("invalid_scope", description, 400);
    }

    public static OAuthError invalidTarget(String description) {
        return new OAuthError("invalid_target", description, 400);
    }

    public static OAuthError accessDenied(String description) {
        return new OAuthError("access_denied", description, 403);
    }

    public static OAuthError invalidRedirectUri(String description) {
        return new OAuthError("invalid_redirect_uri", description, 400);
    }

    public static OAuthError invalidClientMetadata(String description) {
        return new OAuthError("invalid_client_metadata", description, 400);
    }

    public static OAuthError invalidToken(String description) {
        return new OAuthError("invalid_token", description, 401);
    }

    public static OAuthError serverError(String description) {
        return new OAuthError("server_error", description, 500);
    }

    public static OAuthError temporarilyUnavailable(String description) {
        return new OAuthError("temporarily_unavailable", description, 503);
    }

    public static OAuthError unsupportedTokenType(String description) {
        return new OAuthError("unsupported_token_type", description, 400);
    }

    /**
     * {@code "<error code>: <description>"} as an error with the status that code has at a direct response, e.g.
     * {@code "unsupported_grant_type: refresh tokens are not offered"}: 400. The codes are those of the factory
     * methods above; another code or text without {@code ": "} is an {@link IllegalArgumentException}.
     */
    public static OAuthError parse(String codeAndDescription) {
        int colon = codeAndDescription == null ? -1 : codeAndDescription.indexOf(": ");
        if (colon <= 0) {
            throw new IllegalArgumentException("expected \"<error code>: <description>\"");
        }
        String code = codeAndDescription.substring(0, colon).strip();
        String description = codeAndDescription.substring(colon + 2).strip();
        java.util.function.Function<String, OAuthError> factory = switch (code) {
            case "invalid_request" -> OAuthError::invalidRequest;
            case "invalid_client" -> OAuthError::invalidClient;
            case "invalid_grant" -> OAuthError::invalidGrant;
            case "unauthorized_client" -> OAuthError::unauthorizedClient;
            case "unsupported_grant_type" -> OAuthError::unsupportedGrantType;
            case "unsupported_response_type" -> OAuthError::unsupportedResponseType;
            case "invalid_scope" -> OAuthError::invalidScope;
            case "invalid_target" -> OAuthError::invalidTarget;
            case "access_denied" -> OAuthError::accessDenied;
            case "invalid_redirect_uri" -> OAuthError::invalidRedirectUri;
            case "invalid_client_metadata" -> OAuthError::invalidClientMetadata;
            case "invalid_token" -> OAuthError::invalidToken;
            case "server_error" -> OAuthError::serverError;
            case "temporarily_unavailable" -> OAuthError::temporarilyUnavailable;
            case "unsupported_token_type" -> OAuthError::unsupportedTokenType;
            default -> throw new IllegalArgumentException("unknown OAuth error code");
        };
        return factory.apply(description);
    }

    public OAuthException exception() {
        return new OAuthException(this);
    }
}
