package io.mcpgw.oauth.authorize;

/**
 * A rejected authorization request. Before the client and its redirect URI are established the user gets a page
 * ({@code redirectUri == null}); afterwards the client gets an error redirect (RFC 6749 §4.1.2.1).
 */
public final class AuthorizationProblem extends RuntimeException {
    private final String error;
    private final String redirectUri;
    private final String state;

    private AuthorizationProblem(String error, String description, String redirectUri, String state) {
        super(description, null, false, false);
        this.error = error;
        this.redirectUri = redirectUri;
        this.state = state;
    }

    /** Shown to the user; never redirected (unknown client, unregistered redirect URI). */
    public static AuthorizationProblem page(String error, String description) {
        return new AuthorizationProblem(error, description, null, null);
    }

    /** Sent to the client's verified redirect URI with {@code state}. */
    public static AuthorizationProblem redirect(String error, String description, String redirectUri, String state) {
        return new AuthorizationProblem(error, description, redirectUri, state);
    }

    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    public String redirectUri() {
        return redirectUri;
    }

    public String state() {
        return state;
    }
}
