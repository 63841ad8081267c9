package io.mcpgw.oauth.authorize;

/**
 * A browser step of the authorization flow that ends the request early with {@link #response()}: a rejected
 * authorization request (error page, or error redirect to the client), an expired or foreign consent form. The
 * route's error configuration writes the response; later steps do not run.
 */
public final class AuthorizationInterrupted extends RuntimeException {
    private final transient AuthorizationResponse response;

    public AuthorizationInterrupted(AuthorizationResponse response) {
        super("authorization flow ended early", null, false, false);
        this.response = response;
    }

    public AuthorizationResponse response() {
        return response;
    }
}
