package io.mcpgw.metrics;

import io.vertx.core.Handler;
import io.mcpgw.http.PlatformRouterHook;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;

/**
 * Counts every answer of the public HTTP listener by status class, and the 429 and 503 answers on their own
 * ({@link GatewayMetrics#responded}). One Vert.x handler first on the platform-http router, so it sees the Camel
 * routes, the MCP endpoints and the answers other handlers write before any route (421, 413, 408) alike. Rule: it
 * never changes a request or an answer; its cost is one callback per answer.
 */
public final class HttpStatusMeter implements Handler<RoutingContext> {
    private final GatewayMetrics metrics;

    HttpStatusMeter(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Mounts the meter first on the platform-http router of {@code port} once the HTTP server exists. */
    public static void install(CamelContext context, int port, GatewayMetrics metrics) throws Exception {
        HttpStatusMeter meter = new HttpStatusMeter(metrics);
        PlatformRouterHook.onRouter(context, port, false, router -> router.route().order(Integer.MIN_VALUE).handler(meter));
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> metrics.responded(ctx.response().getStatusCode()));
        ctx.next();
    }
}
