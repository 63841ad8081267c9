package io.mcpgw.mcp.transport;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.http.CorsPolicy;
import io.mcpgw.http.GatewayHosts;

/**
 * DNS-rebinding protection and CORS (MCP 2025-11-25 transports §2 "Security Warning"): a request without
 * {@code Origin} passes (non-browser clients); an {@code Origin} passes when it is listed in
 * {@code MCP_CORS_ORIGINS} (or that is {@code *}) or when it is one of the gateway's own origins
 * ({@link GatewayHosts#allowsOrigin}: the issuer's origin, a service origin, a loopback alias of a loopback issuer).
 * {@code Origin} equal to {@code Host} is not enough: a rebinding page's origin always equals the {@code Host} its
 * browser sends. Anything else is a 403. The CORS headers themselves come from the one {@link CorsPolicy}: only a
 * listed origin is ever echoed in {@code Access-Control-Allow-Origin}.
 */
public final class OriginPolicy {
    /** The methods of an MCP endpoint (the {@code Allow} header and the CORS preflight). */
    public static final String ALLOW_METHODS = "GET, POST, DELETE, OPTIONS";

    private final GatewaySettings.Cors cors;
    private final GatewayHosts hosts;
    private final CorsPolicy corsPolicy;

    public OriginPolicy(GatewaySettings.Cors cors, GatewayHosts hosts) {
        this.cors = cors;
        this.hosts = hosts;
        this.corsPolicy = new CorsPolicy(cors);
    }

    /** The one CORS policy, for the response headers. */
    public CorsPolicy cors() {
        return corsPolicy;
    }

    /** @param host the request's {@code Host}; no longer decides (see the class rules) */
    public boolean allowed(String origin, String host) {
        return origin == null || cors.allows(origin) || hosts.allowsOrigin(origin);
    }

    /** The origin to echo in CORS headers, or null (no CORS headers): {@link CorsPolicy#allowOrigin}. */
    public String corsOrigin(String origin) {
        return corsPolicy.allowOrigin(origin);
    }
}
