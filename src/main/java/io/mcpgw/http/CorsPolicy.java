package io.mcpgw.http;

import io.mcpgw.config.GatewaySettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * CORS for browser MCP clients (MCP Inspector web) per {@code MCP_CORS_ORIGINS}: an allowed {@code Origin} is
 * answered with itself (or {@code *} when any origin is allowed); a disallowed one is never echoed. Preflights need
 * no token. Allowed request headers: {@code Authorization}, {@code Content-Type}, {@code MCP-Protocol-Version},
 * {@code Mcp-Session-Id}, {@code Last-Event-ID}; exposed: {@code WWW-Authenticate}, {@code Mcp-Session-Id}.
 *
 * <p>Every endpoint a browser client calls applies it: the discovery and protected resource metadata, the MCP routes,
 * and the form endpoints a browser-based client posts to during OAuth ({@code /register}, {@code /token},
 * {@code /revoke}: {@link #apply} before the endpoint runs, so error replies carry it too, and {@link #postPreflight}
 * on their {@code OPTIONS} routes). The MCP routes (Vert.x responses, step {@code mcpOrigin}) take the same header
 * values from {@link #responseHeaders} and {@link #preflightHeaders}: one policy for every endpoint.
 */
public final class CorsPolicy {
    public static final String ALLOW_HEADERS = "Authorization, Content-Type, MCP-Protocol-Version, Mcp-Session-Id, Last-Event-ID, "
            + "Mcp-Method, Mcp-Name";
    public static final String EXPOSE_HEADERS = "WWW-Authenticate, Mcp-Session-Id";
    private final GatewaySettings.Cors cors;

    public CorsPolicy(GatewaySettings.Cors cors) {
        this.cors = cors;
    }

    /** The value of {@code Access-Control-Allow-Origin} for {@code origin}, or null when it is not allowed. */
    public String allowOrigin(String origin) {
        if (origin == null || !cors.allows(origin)) {
            return null;
        }
        return cors.anyOrigin() ? "*" : origin;
    }

    /** The CORS headers of a response to {@code origin} (always {@code Vary: Origin}). */
    public Map<String, String> responseHeaders(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Vary", "Origin");
        String allowed = allowOrigin(origin);
        if (allowed != null) {
            headers.put("Access-Control-Allow-Origin", allowed);
            headers.put("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        }
        return headers;
    }

    /** The CORS headers of a preflight answer allowing {@code methods}: none beyond {@code Vary} for a foreign origin. */
    public Map<String, String> preflightHeaders(String origin, String methods) {
        Map<String, String> headers = responseHeaders(origin);
        if (headers.containsKey("Access-Control-Allow-Origin")) {
            headers.put("Access-Control-Allow-Methods", methods);
            headers.put("Access-Control-Allow-Headers", ALLOW_HEADERS);
            headers.put("Access-Control-Max-Age", "600");
        }
        return headers;
    }

    /** Adds the CORS response headers for the request's {@code Origin}, if it is allowed. */
    public void apply(Exchange exchange) {
        Message m = exchange.getMessage();
        responseHeaders(m.getHeader("Origin", String.class)).forEach(m::setHeader);
    }

    /** Answers an {@code OPTIONS} preflight: 204, with the allowances when the origin is allowed. */
    public void preflight(Exchange exchange, String methods) {
        HttpReplies.empty(exchange, 204);
        Message m = exchange.getMessage();
        preflightHeaders(m.getHeader("Origin", String.class), methods).forEach(m::setHeader);
    }

    /** The preflight of an endpoint that takes {@code POST} only ({@code /register}, {@code /token}, {@code /revoke}). */
    public void postPreflight(Exchange exchange) {
        preflight(exchange, "POST, OPTIONS");
    }

    public static boolean isPreflight(Exchange exchange) {
        return "OPTIONS".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
    }
}
