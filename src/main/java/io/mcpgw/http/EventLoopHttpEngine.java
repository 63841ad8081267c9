package io.mcpgw.http;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * A platform-http engine for routes that never block: a route selects it with the standard endpoint option
 * {@code platform-http:/verify?platformHttpEngine=#eventLoopHttp}, and its exchanges then run on the Vert.x event
 * loop that received the request ({@link EventLoopHttpConsumer}) instead of holding a worker thread each.
 *
 * <p>Rule for the routes that use it: every step either finishes without I/O or is asynchronous (it hands blocking
 * work to {@code executeBlocking} and completes its callback later), as {@code VerifyEndpoint} does for the one case
 * that needs the store. Routes that read the store synchronously (the OAuth endpoints) keep the default engine.
 * Same router, port, handlers and header filter strategy as the default engine; it is not registered as the
 * default ({@code platform-http-engine}).
 */
public final class EventLoopHttpEngine extends VertxPlatformHttpEngine {
    public static final String BEAN = "eventLoopHttp";

    @Override
    protected void doInit() {
        // the default engine registers itself as "platform-http-engine"; this one is only chosen per endpoint
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new EventLoopHttpConsumer(endpoint, processor, getHandlers(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
    }
}
