package io.mcpgw.oauth.upstream;

/**
 * The upstream login did not produce a user. {@link #oauthError} is the code the client receives
 * ({@code access_denied} when the user cancelled, {@code temporarily_unavailable} when the provider could not be
 * reached, {@code server_error} for an unusable answer). Messages carry no tokens.
 */
public final class UpstreamLoginException extends RuntimeException {
    private final String oauthError;

    public UpstreamLoginException(String oauthError, String message) {
        super(message, null, false, false);
        this.oauthError = oauthError;
    }

    public String oauthError() {
        return oauthError;
    }
}
