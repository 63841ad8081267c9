package io.mcpgw.testsupport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user signing in on the real OpenID provider's pages, without a browser: follows each redirect, fills the
 * provider's login form (user name, any password) and approves its consent form, until the provider sends the
 * browser back to the gateway's {@code /callback}; returns that callback answer of the gateway.
 */
public final class OidcSignIn {
    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>",
            Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input[^>]*>");
    private static final Pattern ATTR = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private OidcSignIn() {
    }

    /**
     * @param browser  the browser that approved the gateway's consent page (it holds the login cookie)
     * @param loginUrl the {@code Location} the gateway's {@code /consent} answered with
     * @param gateway  the gateway's base URL; the walk stops at its {@code /callback}
     */
    public static HttpResponse<String> as(BrowserSession browser, String loginUrl, String login, URI gateway) {
        URI next = URI.create(loginUrl);
        HttpResponse<String> r = null;
        for (int hop = 0; hop < 20; hop++) {
            if (next.getPath().equals("/callback") && next.getPort() == gateway.getPort()) {
                return browser.get(URI.create("http://127.0.0.1:" + gateway.getPort() + next.getRawPath() + "?"
                        + next.getRawQuery()));
            }
            r = browser.get(next);
            if (r.statusCode() >= 300 && r.statusCode() < 400) {
                next = next.resolve(r.headers().firstValue("Location").orElseThrow());
                continue;
            }
            if (r.statusCode() != 200) {
                throw new AssertionError("provider page " + next + " answered " + r.statusCode() + ": " + r.body());
            }
            Matcher form = FORM.matcher(r.body());
            if (!form.find()) {
                throw new AssertionError("no form on provider page " + next + ": " + r.body());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher input = INPUT.matcher(form.group(2));
            while (input.find()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                Matcher a = ATTR.matcher(input.group());
                while (a.find()) {
                    attrs.put(a.group(1), a.group(2));
                }
                String name = attrs.get("name");
                if (name != null) {
                    fields.put(name, attrs.getOrDefault("value", ""));
                }
            }
            if (fields.containsKey("login")) {
                fields.put("login", login);
                fields.put("password", "any-password");
            }
            StringBuilder body = new StringBuilder();
            fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
            URI action = next.resolve(form.group(1).replace("&amp;", "&"));
            r = browser.postForm(action, body.toString());
            if (r.statusCode() < 300 || r.statusCode() >= 400) {
                throw new AssertionError("provider form " + action + " answered " + r.statusCode() + ": " + r.body());
            }
            next = action.resolve(r.headers().firstValue("Location").orElseThrow());
        }
        throw new AssertionError("the provider never sent the browser back to the gateway; last: " + next);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
