package io.mcpgw.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** URL-valued settings: the issuer, upstream base URLs and browser origins. */
final class UrlRules {

    private UrlRules() {
    }

    /**
     * {@code GATEWAY_ISSUER}: absolute http(s) URL of the origin root, exactly as given. No userinfo, query,
     * fragment, path or trailing slash; https unless the host is loopback.
     */
    static String issuer(String value) {
        URI uri = httpUrl(value);
        String path = uri.getRawPath();
        if (path.equals("/")) {
            throw new BadValue("must not end with a slash");
        }
        if (!path.isEmpty()) {
            throw new BadValue("must not have a path: the gateway serves its endpoints at the origin root,"
                    + " so the issuer is scheme://host[:port] only");
        }
        if (uri.getScheme().equals("http") && !HostRules.isLoopback(uri.getHost())) {
            throw new BadValue("must use https (http only for localhost, 127.0.0.0/8 or [::1])");
        }
        return value;
    }

    /**
     * {@code GATEWAY_INTERNAL_URL}: {@code http(s)://host:port} of this replica for the other replicas; an explicit
     * port, no path (a trailing slash is removed), no userinfo, query or fragment.
     */
    static String internalUrl(String value) {
        String stripped = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        URI uri = httpUrl(stripped);
        if (!uri.getRawPath().isEmpty()) {
            throw new BadValue("must not have a path: the form is http://host:port");
        }
        if (uri.getPort() < 0) {
            throw new BadValue("must name the port, e.g. http://10.0.3.7:8080");
        }
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority();
    }

    /**
     * {@code OIDC_ISSUER}: absolute URL kept exactly as given (it must equal the {@code iss} of the provider's
     * id_tokens, trailing slash included); path allowed, no query or fragment; https unless the host is loopback.
     */
    static String oidcIssuer(String value) {
        URI uri = httpUrl(value);
        if (uri.getScheme().equals("http") && !HostRules.isLoopback(uri.getHost())) {
            throw new BadValue("must use https (http only for localhost, 127.0.0.0/8 or [::1])");
        }
        return value;
    }

    /** {@code GITHUB_OAUTH_URL}, {@code GITHUB_API_URL}: absolute http(s) URL, path allowed, trailing slashes removed. */
    static String baseUrl(String value) {
        String stripped = value;
        while (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        httpUrl(stripped);
        return stripped;
    }

    /**
     * One {@code MCP_CORS_ORIGINS} entry: {@code scheme://host[:port]} and nothing else. Returned as browsers
     * send it: scheme and host lower-cased, default port (80 for http, 443 for https) removed.
     */
    static String origin(String value) {
        URI uri = parse(value, "is not an origin of the form scheme://host[:port]");
        if (uri.getScheme() == null || uri.isOpaque() || uri.getRawAuthority() == null || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !uri.getRawPath().isEmpty() || !HostRules.isUrlHost(uri.getHost()) || !validPort(uri)) {
            throw new BadValue("is not an origin of the form scheme://host[:port] (no path, no trailing slash)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 || defaultPort ? "" : ":" + port);
    }

    /** Absolute http(s) URL with a valid host and port; no userinfo, query or fragment. Path not checked. */
    private static URI httpUrl(String value) {
        URI uri = parse(value, "is not a valid URL");
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new BadValue("must be an absolute URL starting with https:// or http://");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new BadValue("must be an absolute URL with a host (scheme://host)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new BadValue("must not contain user information (user@ or user:password@)");
        }
        if (uri.getHost() == null || !HostRules.isUrlHost(uri.getHost())) {
            throw new BadValue("does not have a valid host name");
        }
        if (!validPort(uri)) {
            throw new BadValue("has an invalid port (must be 1 to 65535)");
        }
        if (uri.getRawQuery() != null) {
            throw new BadValue("must not have a query (?...)");
        }
        if (uri.getRawFragment() != null) {
            throw new BadValue("must not have a fragment (#...)");
        }
        return uri;
    }

    private static boolean validPort(URI uri) {
        int port = uri.getPort();
        return (port == -1 && !uri.getRawAuthority().endsWith(":")) || (port >= 1 && port <= 65535);
    }

    private static URI parse(String value, String problem) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new BadValue(problem);
        }
    }
}
