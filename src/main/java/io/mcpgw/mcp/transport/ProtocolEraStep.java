package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.concurrent.AsyncFailures;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.service.ServiceUnavailableException;
import io.mcpgw.mcp.session.McpExchange;
import io.mcpgw.mcp.session.SessionLimitException;
import io.mcpgw.mcp.stateless.DiscoverAnswer;
import io.mcpgw.mcp.stateless.ProtocolEra;
import io.mcpgw.mcp.stateless.StatelessProtocol;
import io.mcpgw.mcp.stateless.StatelessRejection;
import io.mcpgw.mcp.stateless.StatelessRequestCheck;
import io.mcpgw.mcp.stateless.StatelessResult;
import io.mcpgw.mcp.stateless.WarmChild;
import io.mcpgw.mcp.stateless.WarmChildPool;
import io.mcpgw.routes.BeanNames;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route step {@code mcpProtocolEra}: serves the stateless protocol revision (2026-07-28) on the same endpoint as the
 * session-based ones. Which one a request speaks is decided by {@link ProtocolEra}; a session-based request passes
 * untouched to the next steps, so 2025-era clients are answered exactly as before.
 *
 * <p>A stateless request ends the route here:
 * <ul>
 *   <li>GET and DELETE: 405 with {@code Allow: POST} (no stream, no session to end);</li>
 *   <li>a batch: 400, -32600; a notification: 202 (nothing to deliver it to); a client response: 400, -32600;</li>
 *   <li>a request failing {@link StatelessRequestCheck}: 400 with -32020, -32602 or -32022;</li>
 *   <li>a method the gateway does not serve statelessly ({@code initialize}, {@code ping}, {@code logging/setLevel},
 *       unknown ones): 404, -32601;</li>
 *   <li>{@code server/discover}: answered from the warm child's {@code initialize} result ({@link DiscoverAnswer});</li>
 *   <li>anything else goes, as one message, through this same route (the service file's steps, then the backend)
 *       to the user's warm child for this service ({@link WarmChildPool}: 503 + {@code Retry-After} at a cap or
 *       when the service cannot run), and its response is answered in the stateless shape ({@link
 *       StatelessResult}; 404 for -32601), with the response headers the service's steps set (as for a
 *       session-based request, through the gateway's header filter; request headers are never copied back).</li>
 * </ul>
 */
public final class ProtocolEraStep extends AsyncProcessorSupport {
    public static final String BEAN = BeanNames.MCP_PROTOCOL_ERA;
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolEraStep.class);

    private final WarmChildPool pool;
    private final PostLimits limits;
    private final Executor refusals;
    private final int retryAfterSeconds;

    public ProtocolEraStep(WarmChildPool pool, PostLimits limits, Executor refusals, int retryAfterSeconds) {
        this.pool = pool;
        this.limits = limits;
        this.refusals = refusals;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RoutingContext ctx = McpHttpExchange.context(exchange);
        if (ctx == null) {
            callback.done(true);
            return true; // one message of a batch or of a stateless request: its request passed already
        }
        HttpServerRequest req = ctx.request();
        Object body = exchange.getMessage().getBody();
        JsonNode message = body instanceof ObjectNode o ? o : null;
        if (ProtocolEra.of(req.getHeader("Mcp-Session-Id"), req.getHeader("MCP-Protocol-Version"), message)
                == ProtocolEra.SESSION_BASED) {
            callback.done(true);
            return true;
        }
        if (req.method() == HttpMethod.GET || req.method() == HttpMethod.DELETE) {
            McpHttpExchange.answer(exchange, new McpHttpExchange.Failure(405, JsonRpc.SERVER_ERROR,
                    "Method Not Allowed: the stateless protocol uses POST only", Map.of("Allow", "POST")));
        } else if (req.method() == HttpMethod.POST && body instanceof ArrayNode) {
            McpHttpExchange.answer(exchange, 400, JsonRpc.INVALID_REQUEST,
                    "Invalid Request: the stateless protocol has no batches; send one message per POST");
        } else if (req.method() == HttpMethod.POST && message != null) {
            return post(exchange, ctx, (ObjectNode) message, callback);
        }
        callback.done(true);
        return true;
    }

    private boolean post(Exchange exchange, RoutingContext ctx, ObjectNode message, AsyncCallback callback) {
        HttpServerRequest req = ctx.request();
        StatelessReply reply = new StatelessReply(ctx.response(), "0", limits,
                Accept.explicitly(req.getHeader("Accept"), "text/event-stream"), StatelessReply.logLevelSet(message));
        McpHttpExchange.answer(exchange, new McpHttpExchange.Written());
        JsonNode id = message.get("id");
        switch (JsonRpc.kind(message)) {
            case NOTIFICATION -> {
                reply.accepted();
                callback.done(true);
                return true;
            }
            case RESPONSE -> {
                reply.complete(400, JsonRpc.error(id, JsonRpc.INVALID_REQUEST,
                        "Invalid Request: the stateless protocol has no server-to-client requests to answer"), Map.of());
                callback.done(true);
                return true;
            }
            default -> {
            }
        }
        String method = JsonRpc.method(message);
        Optional<StatelessRejection> refused = StatelessRequestCheck.check(req.getHeader("MCP-Protocol-Version"),
                req.getHeader("Mcp-Method"), req.getHeader("Mcp-Name"), message);
        if (refused.isEmpty() && !StatelessProtocol.DISCOVER.equals(method) && !StatelessProtocol.FORWARDED.contains(method)) {
            refused = Optional.of(StatelessRejection.methodNotFound(method));
        }
        if (refused.isPresent()) {
            reply.complete(refused.get().status(), refused.get().response(id), Map.of());
            callback.done(true);
            return true;
        }
        String service = exchange.getProperty(McpHttpExchange.SERVICE, String.class);
        String user = exchange.getProperty(McpHttpExchange.USER, String.class);
        pool.child(user, service).whenComplete((child, error) -> ctx.vertx().runOnContext(v -> {
            if (error != null) {
                failed(reply, id, error);
                callback.done(false);
            } else if (StatelessProtocol.DISCOVER.equals(method)) {
                ObjectNode answer = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
                answer.set("id", id);
                answer.set("result", DiscoverAnswer.result(child.initializeResult()));
                reply.complete(answer);
                callback.done(false);
            } else {
                forward(exchange, child, message, reply, callback);
            }
        }));
        return false;
    }

    /** The request, as one message, through this route to the warm child; answered when the route is done. */
    private void forward(Exchange exchange, WarmChild child, ObjectNode message, StatelessReply reply,
                         AsyncCallback callback) {
        ObjectNode element = forChild(message);
        Exchange one = new DefaultExchange(exchange.getContext());
        one.getMessage().setHeaders(new HashMap<>(exchange.getMessage().getHeaders()));
        one.getMessage().setBody(element);
        one.setProperty(McpHttpExchange.BATCH_ELEMENT, true);
        one.setProperty(McpHttpExchange.SERVICE, exchange.getProperty(McpHttpExchange.SERVICE));
        one.setProperty(McpHttpExchange.USER, exchange.getProperty(McpHttpExchange.USER));
        one.setProperty(McpHttpExchange.INBOUND, exchange.getProperty(McpHttpExchange.INBOUND));
        one.setProperty(McpExchange.SESSION, child.session());
        one.setProperty(McpExchange.SINK, reply);
        reply.servedBy(child.session(), refusals);
        McpHttpExchange.route(exchange).process(one, doneSync -> {
            try {
                ObjectNode answer = ReplyWriter.elementAnswer(one, element);
                exchange.getContext().getComponent(McpHttpComponent.SCHEME, McpHttpComponent.class).replies()
                        .copyRouteHeaders(one, McpHttpExchange.context(exchange).response());
                reply.complete(StatelessResult.complete(answer, JsonRpc.method(message), child.serverInfo()));
            } finally {
                callback.done(false);
            }
        });
    }

    /** A copy without the stateless revision's {@code _meta} keys, which a session-based child does not know. */
    private static ObjectNode forChild(ObjectNode message) {
        ObjectNode copy = message.deepCopy();
        if (copy.get("params") instanceof ObjectNode params && params.get("_meta") instanceof ObjectNode meta) {
            meta.remove(meta.properties().stream().map(Map.Entry::getKey)
                    .filter(k -> k.startsWith(StatelessProtocol.META_PREFIX)).toList());
            if (meta.isEmpty()) {
                params.remove("_meta");
            }
        }
        return copy;
    }

    private void failed(StatelessReply reply, JsonNode id, Throwable error) {
        Throwable cause = AsyncFailures.cause(error);
        if (cause instanceof SessionLimitException || cause instanceof ServiceUnavailableException) {
            reply.complete(503, JsonRpc.error(id, JsonRpc.SERVER_ERROR, "Service Unavailable: " + cause.getMessage()),
                    Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
        } else {
            LOG.warn("event=stateless_request_failed error={}", cause.toString());
            reply.complete(500, JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Internal error"), Map.of());
        }
    }
}
