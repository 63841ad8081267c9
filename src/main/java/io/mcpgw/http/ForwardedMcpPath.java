package io.mcpgw.http;

import java.util.Optional;

/**
 * The path a reverse proxy forwards to {@code /verify} ({@code X-Forwarded-Uri}), read so that no spelling of a path
 * can make a token for one service pass for another.
 *
 * <p>Rule: a path is <em>ambiguous</em> — and refused with 400 — when a proxy or upstream could read it as a
 * different path than it looks: a percent-encoding (any {@code %}, so {@code %2e}, {@code %2f}, {@code %5c} and
 * double encodings), a backslash, an empty segment ({@code //}), a {@code .} or {@code ..} segment, or a control or
 * space character. An unambiguous path names a service only in the exact form {@code /{service}/mcp} (one trailing
 * slash tolerated); the query string never takes part in the decision.
 */
public final class ForwardedMcpPath {
    private ForwardedMcpPath() {
    }

    /** The path without its query string (and fragment). */
    public static String withoutQuery(String uri) {
        int cut = uri.length();
        int q = uri.indexOf('?');
        int h = uri.indexOf('#');
        if (q >= 0) {
            cut = q;
        }
        if (h >= 0 && h < cut) {
            cut = h;
        }
        return uri.substring(0, cut);
    }

    /** True when {@code path} (no query) could be read as another path by a normalizing proxy or upstream. */
    public static boolean ambiguous(String path) {
        int n = path.length();
        if (n == 0 || path.charAt(0) != '/') {
            return true;
        }
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c == '%' || c == '\\' || c <= ' ' || c == 0x7f || c == ';') {
                return true;
            }
            if (c == '/' && i + 1 < n) { // an empty, "." or ".." segment starts here
                char next = path.charAt(i + 1);
                if (next == '/') {
                    return true;
                }
                if (next == '.' && (i + 2 == n || path.charAt(i + 2) == '/'
                        || path.charAt(i + 2) == '.' && (i + 3 == n || path.charAt(i + 3) == '/'))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The service of an unambiguous path of the exact form {@code /{service}/mcp}; empty for any other path. */
    public static Optional<String> service(String path) {
        int end = path.length();
        if (end > 0 && path.charAt(end - 1) == '/') {
            end--; // one trailing slash tolerated
        }
        int nameEnd = end - "/mcp".length();
        if (nameEnd < 2 || path.charAt(0) != '/' || !path.startsWith("/mcp", nameEnd)) {
            return Optional.empty();
        }
        char first = path.charAt(1);
        if (!(first >= 'a' && first <= 'z' || first >= '0' && first <= '9')) {
            return Optional.empty();
        }
        for (int i = 2; i < nameEnd; i++) {
            char c = path.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return Optional.empty();
            }
        }
        return Optional.of(path.substring(1, nameEnd));
    }
}
