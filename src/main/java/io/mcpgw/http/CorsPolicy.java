package io.mcpgw.http;

import io.mcpgw.config.GatewaySettings;
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
 * on their {@code OPTIONS} routes).
 */
public final class CorsPolicy {
    public static final String ALLOW_HEADERS = "Authorization, Content-Type, MCP-Protocol-Version, Mcp-Session-Id, Last-Event-ID";
    public static final String EXPOSE_HEADERS = "WWW-Authenticate, Mcp-Session-Id";
    private final GatewaySettings.Cors cors;

    public CorsPolicy(GatewaySettings.Cors cors) {
        this.cors = cors;
    }

    /** Adds the CORS response headers for the request's {@code Origin}, if it is allowed. */
    public void apply(Exchange exchange) {
        Message m = exchange.getMessage();
        String origin = m.getHeader("Origin", String.class);
        m.setHeader("Vary", "Origin");
        if (origin == null || !cors.allows(origin)) {
            return;
        }
        m.setHeader("Access-Control-Allow-Origin", cors.anyOrigin() ? "*" : origin);
        m.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    }

    /** Answers an {@code OPTIONS} preflight: 204, with the allowances when the origin is allowed. */
    public void preflight(Exchange exchange, String methods) {
        HttpReplies.empty(exchange, 204);
        apply(exchange);
        Message m = exchange.getMessage();
        if (m.getHeader("Access-Control-Allow-Origin") != null) {
            m.setHeader("Access-Control-Allow-Methods", methods);
            m.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
            m.setHeader("Access-Control-Max-Age", "600");
        }
    }

    /** The preflight of an endpoint that takes {@code POST} only ({@code /register}, {@code /token}, {@code /revoke}). */
    public void postPreflight(Exchange exchange) {
        preflight(exchange, "POST, OPTIONS");
    }

    public static boolean isPreflight(Exchange exchange) {
        return "OPTIONS".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
    }
}
