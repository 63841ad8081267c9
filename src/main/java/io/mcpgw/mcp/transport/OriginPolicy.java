package io.mcpgw.mcp.transport;

import io.mcpgw.config.GatewaySettings;
import java.net.URI;
import java.util.Locale;

/**
 * DNS-rebinding protection and CORS (MCP 2025-11-25 transports §2 "Security Warning"): a request without
 * {@code Origin} passes (non-browser clients); an {@code Origin} passes when it is listed in
 * {@code MCP_CORS_ORIGINS} (or that is {@code *}) or when it is the request's own origin (same host and port as
 * the {@code Host} header). Anything else is a 403. Only a listed origin is ever echoed in
 * {@code Access-Control-Allow-Origin}.
 */
public final class OriginPolicy {
    public static final String ALLOW_HEADERS = "Authorization, Content-Type, MCP-Protocol-Version, Mcp-Session-Id, Last-Event-ID";
    public static final String EXPOSE_HEADERS = "WWW-Authenticate, Mcp-Session-Id";
    public static final String ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";

    private final GatewaySettings.Cors cors;

    public OriginPolicy(GatewaySettings.Cors cors) {
        this.cors = cors;
    }

    public boolean allowed(String origin, String host) {
        return origin == null || cors.allows(origin) || sameOrigin(origin, host);
    }

    /** The origin to echo in CORS headers, or null (no CORS headers). */
    public String corsOrigin(String origin) {
        return origin != null && cors.allows(origin) ? origin : null;
    }

    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI u = new URI(origin);
            if (u.getHost() == null || u.getScheme() == null) {
                return false;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort() != -1 ? u.getPort() : "https".equals(scheme) ? 443 : 80;
            String h = host.toLowerCase(Locale.ROOT);
            int colon = h.lastIndexOf(':');
            String hostName = colon > h.lastIndexOf(']') && colon > 0 ? h.substring(0, colon) : h;
            String hostPort = colon > h.lastIndexOf(']') && colon > 0 ? h.substring(colon + 1) : null;
            boolean portMatches = hostPort == null ? port == 80 || port == 443 : hostPort.equals(String.valueOf(port));
            return hostName.equals(u.getHost().toLowerCase(Locale.ROOT)) && portMatches;
        } catch (Exception e) {
            return false;
        }
    }
}
