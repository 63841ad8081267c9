package io.mcpgw.oauth.authorize;

import java.util.List;

/** What a browser-facing authorization step answers: a page, or a redirect; either may set cookies. */
public sealed interface AuthorizationResponse {

    List<String> setCookies();

    record Page(int status, String html, List<String> setCookies) implements AuthorizationResponse {
        public Page(int status, String html) {
            this(status, html, List.of());
        }
    }

    record Redirect(String location, List<String> setCookies) implements AuthorizationResponse {
        public Redirect(String location) {
            this(location, List.of());
        }
    }
}
