package io.mcpgw.http;

import io.mcpgw.oauth.Loopback;
import io.mcpgw.config.GatewaySettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names and browser origins that are this gateway (DNS-rebinding defence). A host name is ours when it is:
 * <ul>
 *   <li>the issuer's host ({@code GATEWAY_ISSUER});</li>
 *   <li>a service host {@code mcp-{name}.{BASE_DOMAIN}} (any name: services may be dropped in at run time, and
 *       nobody but the operator controls names under {@code BASE_DOMAIN});</li>
 *   <li>a loopback name: {@code localhost}, {@code 127.0.0.1}, {@code [::1]}. These are always accepted: a rebinding
 *       page sends the {@code Host} of its own origin, a name its author registered, never a loopback name, and
 *       container health checks and local tools use them.</li>
 * </ul>
 * Ports are ignored for host names (rebinding keeps the port; the name is what an attacker controls). An origin is
 * ours when it is the issuer's origin, a service origin {@code {issuer scheme}://mcp-{name}.{BASE_DOMAIN}} on the
 * default port, or — when the issuer is on loopback — the issuer's port on another loopback name. Nothing here
 * resolves a name.
 */
public final class GatewayHosts {
    static final Set<String> LOOPBACK = Loopback.HOSTS;
    private static final Pattern SERVICE_LABEL = Pattern.compile("mcp-[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern INTERNAL = Pattern.compile("[a-z0-9_][a-z0-9_-]{0,62}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");

    private final String issuerScheme;
    private final String issuerHost;
    private final int issuerPort;
    private final Optional<String> baseDomain;

    public GatewayHosts(String issuer, Optional<String> baseDomain) {
        URI u = URI.create(issuer);
        this.issuerScheme = u.getScheme().toLowerCase(Locale.ROOT);
        this.issuerHost = u.getHost().toLowerCase(Locale.ROOT);
        this.issuerPort = port(issuerScheme, u.getPort());
        this.baseDomain = baseDomain.map(d -> d.toLowerCase(Locale.ROOT));
    }

    public static GatewayHosts of(GatewaySettings settings) {
        return new GatewayHosts(settings.issuer(), settings.baseDomain());
    }

    /** Whether a {@code Host} (or {@code X-Forwarded-Host}) value, port allowed, names this gateway. */
    public boolean allowsHost(String hostHeader) {
        return hostName(hostHeader).map(this::isOurs).orElse(false);
    }

    /**
     * Whether a {@code Host} value is one a reverse proxy uses to reach us on an internal network and no DNS rebinding
     * can produce: an IP literal, or a single-label name such as the compose service {@code auth}.
     */
    public static boolean isInternalHop(String hostHeader) {
        return hostName(hostHeader).map(name -> name.startsWith("[") || IPV4.matcher(name).matches()
                || INTERNAL.matcher(name).matches()).orElse(false);
    }

    /** Whether {@code origin} (an {@code Origin} header value) is one of the gateway's own origins. */
    public boolean allowsOrigin(String origin) {
        URI u;
        try {
            u = new URI(origin);
        } catch (URISyntaxException | RuntimeException e) {
            return false;
        }
        if (u.getScheme() == null || u.getHost() == null || u.getRawPath() != null && !u.getRawPath().isEmpty()) {
            return false;
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        String host = u.getHost().toLowerCase(Locale.ROOT);
        int port = port(scheme, u.getPort());
        if (scheme.equals(issuerScheme) && port == issuerPort
                && (host.equals(issuerHost) || (LOOPBACK.contains(host) && LOOPBACK.contains(issuerHost)))) {
            return true;
        }
        return scheme.equals(issuerScheme) && port == port(scheme, -1) && isServiceHost(host);
    }

    private boolean isOurs(String name) {
        return name.equals(issuerHost) || LOOPBACK.contains(name) || isServiceHost(name);
    }

    private boolean isServiceHost(String name) {
        if (baseDomain.isEmpty() || !name.endsWith("." + baseDomain.get())) {
            return false;
        }
        return SERVICE_LABEL.matcher(name.substring(0, name.length() - baseDomain.get().length() - 1)).matches();
    }

    /** Lower-cased host name of a {@code host[:port]} value, brackets kept for IPv6, trailing dot dropped. */
    static Optional<String> hostName(String hostHeader) {
        if (hostHeader == null) {
            return Optional.empty();
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (h.isEmpty() || h.length() > 300) {
            return Optional.empty();
        }
        String name;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || (close + 1 < h.length() && h.charAt(close + 1) != ':')) {
                return Optional.empty();
            }
            name = h.substring(0, close + 1);
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
                return Optional.empty();
            }
            name = colon < 0 ? h : h.substring(0, colon);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    private static int port(String scheme, int port) {
        return port != -1 ? port : "https".equals(scheme) ? 443 : 80;
    }
}
