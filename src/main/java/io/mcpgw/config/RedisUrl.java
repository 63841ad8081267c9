package io.mcpgw.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code REDIS_URL}: {@code redis[s]://[[user]:password@]host[:port][/db]}, or Redis Sentinel
 * {@code redis-sentinel://[[user]:password@]sentinel[:port][,sentinel[:port]…][/db]#master} (port 26379 by default; the
 * master is found through the Sentinels and followed across failovers; the credentials are those of the master, the
 * Sentinels are reached without any), or Redis Cluster {@code redis-cluster://[[user]:password@]node[:port][,node…]}
 * (seed nodes, port 6379 by default, no database number), the one parser of it (settings and the
 * Redis store use this). The user information is split off so that the URL kept in the settings never carries the
 * password. User and password are percent-decoded (as redis-py does), so {@code p%40ss} means {@code p@ss}. The
 * ACL user name, when given, is the user the store authenticates as. A password in the URL wins over a separate
 * one ({@code REDIS_PASSWORD} is the password "if not in the URL"): {@link #orPassword}.
 *
 * @param url      the URL without user information, e.g. {@code redis://redis:6379/0}
 * @param username ACL user name from the URL, if any
 * @param password password from the URL, if any (empty password = none)
 */
public record RedisUrl(String url, Optional<String> username, Optional<String> password) {

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String SENTINEL = "redis-sentinel";
    static final int SENTINEL_PORT = 26379;

    static final String CLUSTER = "redis-cluster";

    /** True for a Redis Cluster URL ({@code redis-cluster://node,node…}). */
    public boolean cluster() {
        return url.startsWith(CLUSTER + "://");
    }

    /** True for a Redis Sentinel URL ({@code redis-sentinel://…#master}). */
    public boolean sentinel() {
        return url.startsWith(SENTINEL + "://");
    }

    @Override
    public String toString() {
        return "RedisUrl[url=" + url + ", username=" + username + ", password=" + (password.isPresent() ? "***" : "none") + "]";
    }

    /** This URL, with {@code fallback} as the password when the URL has none (an empty fallback is none). */
    public RedisUrl orPassword(Optional<String> fallback) {
        return password.isPresent() ? this
                : new RedisUrl(url, username, fallback.filter(p -> !p.isEmpty()));
    }

    /**
     * @throws IllegalArgumentException (a {@code BadValue}) saying what is wrong, never quoting the value
     */
    public static RedisUrl parse(String value) {
        int sep = value.indexOf("://");
        String scheme = sep < 0 ? "" : value.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals(SENTINEL) && !scheme.equals(CLUSTER)) {
            throw new BadValue("must start with redis://, rediss://, redis-sentinel:// or redis-cluster://");
        }
        String rest = value.substring(sep + 3);
        String master = null;
        if (scheme.equals(SENTINEL)) {
            int hash = rest.lastIndexOf('#');
            if (hash < 0 || !MASTER_NAME.matcher(rest.substring(hash + 1)).matches()) {
                throw new BadValue("must name the Sentinel master after '#': redis-sentinel://host:26379,host:26379#mymaster");
            }
            master = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
        }
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? "" : rest.substring(0, at);
        String location = rest.substring(at + 1);
        if (location.contains("?") || location.contains("#")) {
            throw new BadValue("must not have query parameters or a fragment; the form is redis://[:password@]host[:port][/db]");
        }
        int slash = location.indexOf('/');
        String hostPort = slash < 0 ? location : location.substring(0, slash);
        String path = slash < 0 ? "" : location.substring(slash + 1);
        String hostAndPort;
        if (scheme.equals(CLUSTER) && !path.isEmpty()) {
            throw new BadValue("must not name a database: Redis Cluster has only database 0");
        }
        if (master != null || scheme.equals(CLUSTER)) {
            int defaultPort = master != null ? SENTINEL_PORT : 6379;
            StringBuilder nodes = new StringBuilder();
            for (String node : hostPort.split(",", -1)) {
                String one = hostAndPort(node);
                nodes.append(nodes.length() == 0 ? "" : ",").append(one.endsWith("]") || one.lastIndexOf(':') < 0
                        || one.lastIndexOf(':') < one.lastIndexOf(']') ? one + ":" + defaultPort : one);
            }
            hostAndPort = nodes.toString();
        } else {
            hostAndPort = hostAndPort(hostPort);
        }
        Optional<Integer> db = database(path);

        Optional<String> username = Optional.empty();
        Optional<String> password = Optional.empty();
        if (!userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new BadValue("has user information without ':'; write redis://:password@host or redis://user:password@host");
            }
            username = Optional.of(decode(userInfo.substring(0, colon))).filter(u -> !u.isEmpty());
            password = Optional.of(decode(userInfo.substring(colon + 1))).filter(p -> !p.isEmpty());
        }
        String url = scheme + "://" + hostAndPort + db.map(d -> "/" + d).orElse("") + (master == null ? "" : "#" + master);
        return new RedisUrl(url, username, password);
    }

    /** The value with any password (and query) replaced by {@code ***}, safe to show in a message. */
    public static String mask(String value) {
        String masked = value;
        int at = masked.lastIndexOf('@');
        if (at >= 0) {
            int sep = masked.indexOf("://");
            int start = sep > 0 && sep < at && SCHEME.matcher(masked.substring(0, sep)).matches() ? sep + 3 : 0;
            String userInfo = masked.substring(start, at);
            int colon = userInfo.indexOf(':');
            String hidden = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
            masked = masked.substring(0, start) + hidden + masked.substring(at);
        }
        int query = masked.indexOf('?', Math.max(masked.lastIndexOf('@'), 0));
        if (query < 0) {
            return masked;
        }
        return query < 0 ? masked : masked.substring(0, query) + "?***";
    }

    private static String hostAndPort(String hostPort) {
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new BadValue("has an IPv6 host without closing ']'");
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new BadValue("has text after the IPv6 host that is not a port");
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = hostPort.indexOf(':');
            if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
                throw new BadValue("must write an IPv6 host in brackets, e.g. redis://[::1]:6379");
            }
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new BadValue("must name a host, e.g. redis://redis:6379");
        }
        if (!HostRules.isUrlHost(host)) {
            throw new BadValue("does not have a valid host name");
        }
        if (port == null) {
            return host;
        }
        if (!DIGITS.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new BadValue("has an invalid port (must be 1 to 65535)");
        }
        return host + ":" + Integer.parseInt(port);
    }

    private static Optional<Integer> database(String path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        if (!DIGITS.matcher(path).matches() || Integer.parseInt(path) > 15) {
            throw new BadValue("has an invalid database number after '/' (must be 0 to 15)");
        }
        return Optional.of(Integer.parseInt(path));
    }

    /** Decodes valid %XX escapes as UTF-8; anything else (including a lone '%') stays as written. */
    private static String decode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }
}
