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

    public OAuthException exception() {
        return new OAuthException(this);
    }
}
