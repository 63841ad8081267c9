package io.mcpgw.http;

import io.mcpgw.config.TrustedProxies;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Where a request was really addressed: scheme, host and URI as the client used them. {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code X-Forwarded-Uri} are believed only from a trusted proxy (the TCP peer is in
 * {@code GATEWAY_TRUSTED_PROXIES}); otherwise the request's own {@code Host} and path count.
 *
 * @param trusted whether the peer is a trusted proxy (and the forwarded headers were used)
 */
public record ForwardedRequest(String scheme, String host, String uri, String method, boolean trusted) {

    public static ForwardedRequest of(Exchange exchange, TrustedProxies proxies) {
        Message m = exchange.getMessage();
        boolean trusted = proxies.trusts(peer(m));
        String scheme = "http";
        String host = m.getHeader("Host", String.class);
        if (host == null) { // HTTP/2 carries the host as :authority, which the absolute URL keeps
            host = authorityOf(m.getHeader(Exchange.HTTP_URL, String.class));
        }
        String uri = m.getHeader(Exchange.HTTP_URI, String.class);
        String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
        if (trusted) {
            scheme = first(m.getHeader("X-Forwarded-Proto", String.class), scheme);
            host = first(m.getHeader("X-Forwarded-Host", String.class), host);
            uri = first(m.getHeader("X-Forwarded-Uri", String.class), uri);
            method = first(m.getHeader("X-Forwarded-Method", String.class), method);
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            scheme = "http";
        }
        return new ForwardedRequest(scheme, host == null ? "" : host.toLowerCase(Locale.ROOT), uri == null ? "/" : uri,
                method == null ? "GET" : method.toUpperCase(Locale.ROOT), trusted);
    }

    /** {@code scheme://host} as the client saw it. */
    public String origin() {
        return scheme + "://" + host;
    }

    /** The path of {@link #uri} without query. */
    public String path() {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The first value of a possibly comma-joined forwarded header (a chain of proxies appends). */
    private static String first(String header, String fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }

    private static String authorityOf(String url) {
        try {
            return url == null ? null : java.net.URI.create(url).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static InetAddress peer(Message m) {
        return peer(m.getHeader("CamelVertxPlatformHttpRemoteAddress"));
    }

    /** The IP address of a Vert.x peer address, or null (no address, or not an IP one). */
    static InetAddress peer(Object remote) {
        // Vert.x's own address keeps the peer's InetAddress: no text form to build and parse again per request
        if (remote instanceof io.vertx.core.net.impl.SocketAddressImpl impl && impl.ipAddress() != null) {
            return impl.ipAddress();
        }
        if (remote instanceof SocketAddress sa && sa.hostAddress() != null) {
            try {
                return InetAddress.getByName(sa.hostAddress());
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
