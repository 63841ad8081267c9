package io.mcpgw.oauth.authorize;

import io.mcpgw.oauth.Secrets;

/**
 * Cookies that bind one step of the browser flow to the browser that took the previous step, so a link copied out of
 * one browser cannot be finished in another.
 *
 * <ul>
 *   <li><b>One cookie per flow.</b> The name ends with a tag derived from the flow's secret (the consent request id
 *       or the upstream state): {@code tag = first 16 characters of base64url(SHA-256("cookie:" + secret))}. A
 *       browser can therefore hold several flows at once (a client connecting two services), and the tag reveals
 *       nothing about the secret it is derived from.</li>
 *   <li><b>The value is a fresh 256-bit random</b>; the server keeps only its SHA-256 and compares in constant time
 *       ({@link Secrets#matchesHash}).</li>
 *   <li><b>Attributes.</b> {@code HttpOnly}, {@code Path=/}, {@code Max-Age} of the step. When the issuer is https the
 *       name starts with {@code __Host-} and the cookie is {@code Secure} (no subdomain can set or read it); on a
 *       plain-http loopback issuer (the development default) the prefix and {@code Secure} are dropped, because
 *       browsers refuse both on http.</li>
 *   <li><b>SameSite.</b> The consent cookie is {@code Strict}: it is only ever read by the same-site
 *       {@code POST /consent}. The login cookie is {@code Lax}: it must come back on the cross-site top-level redirect
 *       from GitHub to {@code /callback}, which a {@code Strict} cookie would not.</li>
 * </ul>
 */
public final class BrowserBindingCookie {
    private static final int TAG_LENGTH = 16;
    private final String prefix;
    private final String attributes;

    private BrowserBindingCookie(String issuer, String baseName, String sameSite) {
        boolean https = issuer.startsWith("https://");
        this.prefix = (https ? "__Host-" : "") + baseName;
        this.attributes = "; Path=/; HttpOnly; SameSite=" + sameSite + (https ? "; Secure" : "");
    }

    /** Binds a consent form ({@code GET /authorize} → {@code POST /consent}). */
    public static BrowserBindingCookie consent(String issuer) {
        return new BrowserBindingCookie(issuer, "mcpgw_consent_", "Strict");
    }

    /** Binds an upstream login ({@code POST /consent} → {@code /callback} or the development {@code /login}). */
    public static BrowserBindingCookie login(String issuer) {
        return new BrowserBindingCookie(issuer, "mcpgw_login_", "Lax");
    }

    /** The cookie name of the flow identified by {@code flowSecret}. */
    public String name(String flowSecret) {
        return prefix + Secrets.hash("cookie:" + flowSecret).substring(0, TAG_LENGTH);
    }

    public String set(String flowSecret, String value, long maxAgeSeconds) {
        return name(flowSecret) + "=" + value + attributes + "; Max-Age=" + maxAgeSeconds;
    }

    public String clear(String flowSecret) {
        return name(flowSecret) + "=" + attributes + "; Max-Age=0";
    }
}
