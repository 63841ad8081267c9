package io.mcpgw.http;

import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The one way the gateway puts its own Vert.x handlers in front of every route (Host check, body limits, the
 * status meter): {@code mount} runs exactly once with the platform-http router of the gateway's port, as soon as that
 * router exists — the HTTP server is initialised before the routes' consumers start, so no request is served
 * without the handlers. A required hook that never found the router fails the start-up.
 */
public final class PlatformRouterHook {

    private PlatformRouterHook() {
    }

    public static void onRouter(CamelContext context, int port, boolean required, Consumer<VertxPlatformHttpRouter> mount)
            throws Exception {
        context.addStartupListener(new ExtendedStartupListener() {
            private boolean mounted;

            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                tryMount(ctx);
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                tryMount(ctx);
                if (required && !mounted) {
                    throw new IllegalStateException("no platform-http router on port " + port);
                }
            }

            private synchronized void tryMount(CamelContext ctx) {
                if (mounted) {
                    return;
                }
                VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(ctx,
                        VertxPlatformHttpRouter.getRouterNameFromPort(port));
                if (router == null) {
                    router = VertxPlatformHttpRouter.lookup(ctx);
                }
                if (router != null) {
                    mount.accept(router);
                    mounted = true;
                }
            }
        });
    }
}
