package io.mcpgw.mcp.transport;

import io.vertx.ext.web.RoutingContext;

/**
 * Where an MCP request is served, decided before the service's route sees it: here ({@code local}), or on the
 * replica that runs the request's session (scale-out). The single-process gateway serves everything here.
 */
@FunctionalInterface
public interface SessionRouting {
    /** Serves every request here. */
    SessionRouting LOCAL = (ctx, local) -> local.run();

    /** Serves {@code ctx} elsewhere, or runs {@code local} (on the request's event loop) to serve it here. */
    void route(RoutingContext ctx, Runnable local);

    /**
     * Answers {@code ctx} with a transport-level JSON-RPC error (no id) and a {@code Retry-After}, closing the
     * connection when the body was not read: the same writer as the route's errors.
     */
    static void refuse(RoutingContext ctx, int status, int code, String message, int retryAfterSeconds) {
        ctx.response().putHeader("Retry-After", Integer.toString(retryAfterSeconds));
        ReplyWriter.errorAndClose(ctx.request(), ctx.response(), status, code, message);
    }
}
