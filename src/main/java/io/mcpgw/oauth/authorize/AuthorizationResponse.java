package io.mcpgw.oauth.authorize;

import java.util.List;

/** What a browser-facing authorization step answers: a page, or a redirect; either may set cookies. */
public sealed interface AuthorizationResponse {

    List<String> setCookies();

    /** The same answer with {@code cookies} as its {@code Set-Cookie} values. */
    AuthorizationResponse withSetCookies(List<String> cookies);

    record Page(int status, String html, List<String> setCookies) implements AuthorizationResponse {
        public Page(int status, String html) {
            this(status, html, List.of());
        }

        @Override
        public Page withSetCookies(List<String> cookies) {
            return new Page(status, html, cookies);
        }
    }

    record Redirect(String location, List<String> setCookies) implements AuthorizationResponse {
        public Redirect(String location) {
            this(location, List.of());
        }

        @Override
        public Redirect withSetCookies(List<String> cookies) {
            return new Redirect(location, cookies);
        }
    }
}
