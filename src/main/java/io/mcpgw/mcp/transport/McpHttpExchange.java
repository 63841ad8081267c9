package io.mcpgw.mcp.transport;

import io.mcpgw.access.AccessDecision;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;

/**
 * What the {@code mcp-http:} consumer and the MCP route steps share on an exchange (properties, which a client
 * cannot set), and how a step answers the request itself: {@link #answer} records the HTTP answer and stops the
 * route; the consumer writes it when the route is done.
 */
final class McpHttpExchange {
    static final String CONTEXT = "mcp.http.context";
    static final String SERVICE = "mcp.http.service";
    static final String RESOURCE = "mcp.http.resource";
    static final String USER = "mcp.http.user";
    static final String OUTCOME = "mcp.http.outcome";
    /** The client message as it arrived ({@code ObjectNode}), before the backend's answer replaced the body. */
    static final String MESSAGE = "mcp.http.message";
    /** The reply of a POSTed request ({@link PostReply}). */
    static final String REPLY = "mcp.http.reply";
    /** Lower-case names of the request's headers: never copied back to the response. */
    static final String INBOUND = "mcp.http.inbound";
    /** The route itself, for a batch to send its elements through. */
    static final String ROUTE = "mcp.http.route";
    /** True on the exchange of one element of a batch: the request-level checks already ran. */
    static final String BATCH_ELEMENT = "mcp.http.batchElement";
    /** True once {@code mcpReadBody} has read the whole POST body. */
    static final String BODY_READ = "mcp.http.bodyRead";

    /** An answer a step decided on. */
    sealed interface Outcome {
    }

    /** A transport-level error: HTTP status and a JSON-RPC error body without an id. */
    record Failure(int status, int code, String message, Map<String, String> headers) implements Outcome {
    }

    /** The access guard's denial, written verbatim. */
    record Denied(AccessDecision.Denied denial) implements Outcome {
    }

    /** The step wrote the response itself (OPTIONS, DELETE, a GET stream). */
    record Written() implements Outcome {
    }

    /** The responses to a batch's requests as one JSON array; null = no request in the batch (202). */
    record Batch(byte[] body) implements Outcome {
    }

    private McpHttpExchange() {
    }

    static RoutingContext context(Exchange exchange) {
        return exchange.getProperty(CONTEXT, RoutingContext.class);
    }

    static boolean batchElement(Exchange exchange) {
        return exchange.getProperty(BATCH_ELEMENT, false, Boolean.class);
    }

    static void answer(Exchange exchange, Outcome outcome) {
        exchange.setProperty(OUTCOME, outcome);
        exchange.setRouteStop(true);
    }

    static void answer(Exchange exchange, int status, int code, String message) {
        answer(exchange, new Failure(status, code, message, Map.of()));
    }

    static AsyncProcessor route(Exchange exchange) {
        return exchange.getProperty(ROUTE, AsyncProcessor.class);
    }
}
