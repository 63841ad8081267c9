package io.mcpgw.mcp.transport;

import io.mcpgw.routes.BeanNames;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step {@code mcpOrigin}, the first of every MCP route: an {@code Origin} the {@link OriginPolicy} does not
 * allow is a 403 (DNS-rebinding protection); a listed origin gets the CORS headers; {@code OPTIONS} is the CORS
 * preflight (204, no token needed); a method other than POST, GET and DELETE is a 405.
 */
public final class OriginStep implements Processor {
    public static final String BEAN = BeanNames.MCP_ORIGIN;
    private final OriginPolicy origins;

    public OriginStep(OriginPolicy origins) {
        this.origins = origins;
    }

    @Override
    public void process(Exchange exchange) {
        RoutingContext ctx = McpHttpExchange.context(exchange);
        if (ctx == null) {
            return; // a batch element: its request passed already
        }
        HttpServerRequest req = ctx.request();
        HttpServerResponse res = ctx.response();
        String origin = req.getHeader("Origin");
        if (!origins.allowed(origin, req.host())) {
            McpHttpExchange.answer(exchange, 403, JsonRpc.SERVER_ERROR, "Forbidden: Origin not allowed");
            return;
        }
        HttpMethod method = req.method();
        if (method == HttpMethod.OPTIONS) {
            origins.cors().preflightHeaders(origin, OriginPolicy.ALLOW_METHODS).forEach(res::putHeader);
            res.putHeader("Allow", OriginPolicy.ALLOW_METHODS).setStatusCode(204).end();
            McpHttpExchange.answer(exchange, new McpHttpExchange.Written());
            return;
        }
        origins.cors().responseHeaders(origin).forEach(res::putHeader);
        if (method != HttpMethod.POST && method != HttpMethod.GET && method != HttpMethod.DELETE) {
            res.putHeader("Allow", OriginPolicy.ALLOW_METHODS);
            McpHttpExchange.answer(exchange, 405, JsonRpc.SERVER_ERROR, "Method not allowed");
        }
    }
}
