package io.mcpgw.http;

import java.util.Optional;
import java.util.regex.Pattern;

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
    private static final Pattern SERVICE_PATH = Pattern.compile("/([a-z0-9][a-z0-9_-]*)/mcp/?");

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
        if (path.isEmpty() || path.charAt(0) != '/') {
            return true;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == '\\' || c <= ' ' || c == 0x7f || c == ';') {
                return true;
            }
        }
        if (path.contains("//")) {
            return true;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The service of an unambiguous path of the exact form {@code /{service}/mcp}; empty for any other path. */
    public static Optional<String> service(String path) {
        var m = SERVICE_PATH.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
