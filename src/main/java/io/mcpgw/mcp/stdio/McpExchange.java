package io.mcpgw.mcp.stdio;

/**
 * The exchange contract of the {@code mcp-stdio} endpoint: the body is one JSON-RPC message
 * ({@code ObjectNode}); after a request the body is the response (client id restored) or a JSON-RPC error in its
 * place. The session and the optional stream for related server messages travel as exchange properties, which a
 * client cannot set (headers could be).
 */
public final class McpExchange {
    /** {@link io.mcpgw.mcp.session.McpSession}. */
    public static final String SESSION = "mcp.session";
    /** {@link io.mcpgw.mcp.session.MessageSink} of the POST that carries the request, when it accepts SSE. */
    public static final String SINK = "mcp.sink";
    /** The exception the route handled ({@link io.mcpgw.mcp.service.McpRouteErrors}), for the transport to map. */
    public static final String FAILURE = "mcp.failure";

    /** What went wrong with {@code exchange}, or null. */
    public static Exception failure(org.apache.camel.Exchange exchange) {
        return exchange.getException() != null ? exchange.getException() : exchange.getProperty(FAILURE, Exception.class);
    }

    private McpExchange() {
    }
}
