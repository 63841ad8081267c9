package io.mcpgw.store;

import io.lettuce.core.RedisURI;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed {@code REDIS_URL} ({@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...}) with
 * an optional separate password, and the forms of it that are safe to log.
 *
 * <p>Rule: no text produced here (descriptions, error messages, {@link #redact}) contains the password. A
 * separate non-empty password takes precedence over one in the URL.
 */
final class RedisUrl {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#]*@");
    private static final String REDACTED = "***";

    private final RedisURI uri;
    private final String description;
    private final String password;

    private RedisUrl(RedisURI uri, String password) {
        this.uri = uri;
        this.password = password;
        this.description = (uri.isSsl() ? "rediss" : "redis") + "://" + uri.getHost() + ":" + uri.getPort() + "/"
                + uri.getDatabase();
    }

    /** Parses {@code url}; throws {@link IllegalArgumentException} (password removed) when it is not usable. */
    static RedisUrl parse(String url, Optional<String> password) {
        Objects.requireNonNull(url, "url");
        String shown = USER_INFO.matcher(url).replaceFirst(REDACTED + "@");
        int schemeEnd = url.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://, got " + shown);
        }
        RedisURI uri;
        try {
            requireHostPortAndDatabase(URI.create(url));
            uri = RedisURI.create(url);
        } catch (RuntimeException e) { // its message may quote the URL, password included
            throw new IllegalArgumentException(
                    "invalid Redis URL " + shown + ", expected redis://[:password@]host:port[/db]");
        }
        password.filter(p -> !p.isEmpty()).ifPresent(uri::setPassword);
        char[] effective = uri.getPassword();
        return new RedisUrl(uri, effective == null || effective.length == 0 ? null : new String(effective));
    }

    /** Lettuce accepts {@code host:notaport} as a host name; insist on a server-based authority instead. */
    private static void requireHostPortAndDatabase(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (uri.getHost() == null || uri.getPort() > 65535 || !path.matches("/?\\d*")) {
            throw new IllegalArgumentException("not a redis://host:port/db URL");
        }
    }

    /** The URI Lettuce connects with (carries the password). */
    RedisURI uri() {
        return uri;
    }

    /** {@code redis://host:port/db} or {@code rediss://host:port/db}, never the password. */
    String description() {
        return description;
    }

    /** {@code text} with every occurrence of the password replaced by {@code ***}. */
    String redact(String text) {
        if (text == null || password == null) {
            return text;
        }
        return text.replace(password, REDACTED);
    }
}
