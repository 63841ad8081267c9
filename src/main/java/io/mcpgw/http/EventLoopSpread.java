package io.mcpgw.http;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads the gateway's HTTP connections over several Vert.x event loops. Camel's platform-http starts one HTTP
 * server, whose connections all live on one event loop: once the hot paths ({@code /verify}, MCP) run on the event
 * loop instead of holding worker threads, that loop would be the one core the gateway can use. Vert.x's own answer
 * is several server instances on the same port, each on its own event loop, with the accepted connections shared
 * among them round-robin; this class deploys {@code loops - 1} more instances serving the very same request handler
 * (the platform-http router, so the same routes, Host check, body limits and handlers) with the options Camel's server
 * uses (the defaults). Rule: every handler on that router must be safe on any event loop — they are, as none keeps
 * per-loop state.
 */
public final class EventLoopSpread {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopSpread.class);

    private EventLoopSpread() {
    }

    /** After the platform-http server listens on {@code port}, {@code loops - 1} more servers share its port. */
    public static void install(CamelContext context, int port, int loops) throws Exception {
        if (loops <= 1) {
            return;
        }
        PlatformRouterHook.onRouter(context, port, false, router -> spread(router.getServer(), loops));
    }

    private static void spread(VertxPlatformHttpServer camelServer, int loops) {
        HttpServer first = camelServer.getServer();
        Handler<HttpServerRequest> handler = first == null ? null : first.requestHandler();
        if (handler == null) {
            LOG.warn("event=event_loop_spread_skipped reason=no_listening_server");
            return;
        }
        int port = first.actualPort();
        String host = camelServer.getHost();
        try {
            String id = camelServer.getVertx().deployVerticle(() -> new AbstractVerticle() {
                private HttpServer server;

                @Override
                public void start(Promise<Void> started) {
                    server = vertx.createHttpServer(new HttpServerOptions());
                    server.requestHandler(handler).listen(port, host).<Void>mapEmpty().onComplete(started);
                }

                @Override
                public void stop(Promise<Void> stopped) {
                    server.close().onComplete(stopped);
                }
            }, new DeploymentOptions().setInstances(loops - 1)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            LOG.info("event=http_event_loops loops={} deployment={}", loops, id);
        } catch (Exception e) {
            LOG.warn("event=event_loop_spread_failed error={}", e.getClass().getSimpleName());
        }
    }
}
