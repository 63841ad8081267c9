package io.mcpgw.oauth.authorize;

/**
 * The cookie that binds a consent form to the browser it was shown in, so a consent request created by someone
 * else cannot be approved from the victim's browser (the consent-bypass of MCP SBP §2.1). {@code __Host-} prefixed,
 * {@code Secure}, {@code HttpOnly}, {@code SameSite=Strict} when the issuer is https; the plain name on http
 * loopback development, where browsers would drop a Secure cookie.
 */
public final class ConsentCookie {
    private final String name;
    private final String attributes;

    public ConsentCookie(String issuer) {
        boolean https = issuer.startsWith("https://");
        this.name = https ? "__Host-mcpgw_consent" : "mcpgw_consent";
        this.attributes = "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "");
    }

    public String name() {
        return name;
    }

    public String set(String value, long maxAgeSeconds) {
        return name + "=" + value + attributes + "; Max-Age=" + maxAgeSeconds;
    }

    public String clear() {
        return name + "=" + attributes + "; Max-Age=0";
    }
}
