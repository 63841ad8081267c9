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

    private McpExchange() {
    }
}
