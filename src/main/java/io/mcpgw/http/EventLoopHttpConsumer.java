package io.mcpgw.http;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of {@link EventLoopHttpEngine}: the request becomes an exchange exactly as with the default consumer
 * (same headers, body handling and header filter strategy), but the route runs through Camel's asynchronous routing
 * engine starting on the event loop, and the reply is written by {@link RouteReplyWriter} on that same event loop
 * once the route completes, on whatever thread it completes. No thread waits for the route.
 */
final class EventLoopHttpConsumer extends VertxPlatformHttpConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopHttpConsumer.class);

    EventLoopHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers,
                          String routerName) {
        super(endpoint, processor, handlers, routerName);
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        if (isSuspended()) {
            ctx.response().setStatusCode(503);
            ctx.end();
            return;
        }
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        Context context = Vertx.currentContext();
        processHttpRequest(exchange, ctx).onComplete(read -> {
            if (read.failed()) {
                finish(exchange, ctx, read.cause());
                return;
            }
            try {
                createUoW(exchange);
            } catch (Exception e) {
                finish(exchange, ctx, e);
                return;
            }
            getAsyncProcessor().process(exchange, doneSync -> {
                if (context == null || Vertx.currentContext() == context) {
                    reply(exchange, ctx);
                } else {
                    context.runOnContext(v -> reply(exchange, ctx));
                }
            });
        });
    }

    private void reply(Exchange exchange, RoutingContext ctx) {
        try {
            RouteReplyWriter.write(ctx, exchange, getEndpoint().getHeaderFilterStrategy());
            finish(exchange, ctx, null);
        } catch (RuntimeException e) {
            finish(exchange, ctx, e);
        }
    }

    private void finish(Exchange exchange, RoutingContext ctx, Throwable failure) {
        if (failure != null) {
            LOG.warn("event=http_reply_failed route={} error={}", exchange.getFromRouteId(),
                    failure.getClass().getSimpleName());
            if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.fail(500, failure);
            }
        }
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }
}
