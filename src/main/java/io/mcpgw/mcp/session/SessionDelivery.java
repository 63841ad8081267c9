package io.mcpgw.mcp.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

/**
 * Hands one client message to a session whose backend is attached, for both kinds of MCP producer (stdio child,
 * native service): a request completes the exchange when its response arrives (asynchronously, no thread held);
 * a notification or a client response is delivered and completes at once.
 */
public final class SessionDelivery {
    private SessionDelivery() {
    }

    /** @return the Camel async-producer contract: true when {@code callback} was already called synchronously */
    public static boolean deliver(Exchange exchange, McpSession session, ObjectNode message, AsyncCallback callback)
            throws java.io.IOException {
        switch (JsonRpc.kind(message)) {
            case REQUEST -> {
                MessageSink sink = exchange.getProperty(McpExchange.SINK, MessageSink.class);
                session.request(message, sink, response -> {
                    exchange.getMessage().setBody(response);
                    callback.done(false);
                });
                return false;
            }
            case NOTIFICATION -> session.notify(message);
            case RESPONSE -> session.respond(message);
            default -> throw new IllegalArgumentException("not a JSON-RPC message");
        }
        callback.done(true);
        return true;
    }
}
