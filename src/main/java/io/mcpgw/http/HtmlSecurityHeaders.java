package io.mcpgw.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The one set of security headers every HTML answer of the gateway carries (OAuth pages, the browser answer of an
 * MCP URL, {@code /verify} denials): not framed, not sniffed, no script, no base URL change, no referrer, not
 * cached. No CSP {@code form-action}: browsers (Chromium) apply it to the whole redirect chain of a form
 * submission, and the consent and login forms must end at the client's redirect URI or at GitHub.
 */
public final class HtmlSecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, String> HEADERS = headers();

    private HtmlSecurityHeaders() {
    }

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", "no-store");
        h.put("Pragma", "no-cache");
        h.put("X-Frame-Options", "DENY");
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        return Map.copyOf(h);
    }

    /** Sets each header through {@code setter} (a Camel message's {@code setHeader}, a Vert.x {@code putHeader}). */
    public static void apply(BiConsumer<String, String> setter) {
        HEADERS.forEach(setter);
    }

    /** True for a {@code Content-Type} that browsers render as HTML. */
    public static boolean isHtml(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(java.util.Locale.ROOT).startsWith("text/html");
    }
}
