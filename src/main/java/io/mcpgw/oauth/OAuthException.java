package io.mcpgw.oauth;

/**
 * Thrown by the OAuth core when a request breaks a rule; the error writer renders {@link #error()}. A route may
 * throw one too, with the message {@code "<error code>: <description>"} (see {@link OAuthError#parse}), e.g. a YAML
 * {@code throwException} step that refuses a grant type.
 */
public final class OAuthException extends RuntimeException {
    private final transient OAuthError error;

    /**
     * @param codeAndDescription {@code "<error code>: <description>"} with a code {@link OAuthError#parse} knows
     * @throws IllegalArgumentException for another text (a mistake in a route, answered as a server error)
     */
    public OAuthException(String codeAndDescription) {
        this(OAuthError.parse(codeAndDescription));
    }

    public OAuthException(OAuthError error) {
        super(error.code() + ": " + error.description(), null, false, false);
        this.error = error;
    }

    public OAuthError error() {
        return error;
    }
}
