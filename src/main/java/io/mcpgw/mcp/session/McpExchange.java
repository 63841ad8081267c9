package io.mcpgw.mcp.session;

import org.apache.camel.Exchange;

/**
 * The exchange contract of an MCP service route ({@code mcp-<service>}) and its {@code mcp:} endpoint: the body is
 * one JSON-RPC message ({@code ObjectNode}); after a request the body is the response (client id restored) or a
 * JSON-RPC error in its place. The session and the optional stream for related server messages travel as exchange
 * properties, which a client cannot set; the headers below are set by the route's {@code mcpJsonRpc} and
 * {@code mcpAccessGuard} steps for route authors to read (a client sending a header of that name has it removed).
 */
public final class McpExchange {
    /** {@link McpSession}. */
    public static final String SESSION = "mcp.session";
    /** {@link MessageSink} of the POST that carries the request, when it accepts SSE. */
    public static final String SINK = "mcp.sink";
    /** The exception the route handled ({@code McpRouteErrors}), for the transport to map. */
    public static final String FAILURE = "mcp.failure";
    /** True on the exchange of a session's {@code initialize}: the backend starts with it. */
    public static final String INITIALIZE = "mcp.initialize";

    /** Header: the JSON-RPC method of the message ({@code tools/call}); absent for a client's response. */
    public static final String METHOD_HEADER = "McpMethod";
    /** Header: the tool a {@code tools/call} names. */
    public static final String TOOL_HEADER = "McpToolName";
    /** Header: the user the access guard let in. */
    public static final String USER_HEADER = "McpUser";
    /** Header: the service name. */
    public static final String SERVICE_HEADER = "McpService";
    /**
     * Header a route step sets to refuse the message: a request is answered with a JSON-RPC error
     * ({@link io.mcpgw.mcp.jsonrpc.JsonRpc#REFUSED}, message "Refused: &lt;value&gt;") and never reaches the backend;
     * a notification is dropped. The session stays open.
     */
    public static final String REFUSE_HEADER = "McpRefuse";

    /** Names a client may not send: the route steps alone set them. */
    public static boolean gatewayHeader(String name) {
        return name.equalsIgnoreCase(METHOD_HEADER) || name.equalsIgnoreCase(TOOL_HEADER)
                || name.equalsIgnoreCase(USER_HEADER) || name.equalsIgnoreCase(SERVICE_HEADER)
                || name.equalsIgnoreCase(REFUSE_HEADER);
    }

    /** What went wrong with {@code exchange}, or null. */
    public static Exception failure(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException() : exchange.getProperty(FAILURE, Exception.class);
    }

    private McpExchange() {
    }
}
