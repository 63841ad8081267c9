package io.mcpgw.oauth;

/** Thrown by the OAuth core when a request breaks a rule; the error writer renders {@link #error()}. */
public final class OAuthException extends RuntimeException {
    private final transient OAuthError error;

    public OAuthException(OAuthError error) {
        super(error.code() + ": " + error.description(), null, false, false);
        this.error = error;
    }

    public OAuthError error() {
        return error;
    }
}
