package io.mcpgw.mcp.transport;

import io.mcpgw.oauth.Loopback;
import io.mcpgw.mcp.service.McpServices;
import io.vertx.ext.web.Router;
import java.net.URI;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Mounts the MCP endpoint on the platform-http router, next to the Camel routes: the path form
 * {@code /{service}/mcp} and, with {@code BASE_DOMAIN}, the host form {@code /mcp} on
 * {@code mcp-{service}.{BASE_DOMAIN}}. Each request goes to the {@code mcp-http:<service>} consumer of the
 * service's route; a path or host that names no running route, or an unavailable service (its program is
 * missing), falls through to the other routes (and so to 404). Before the consumer, a {@link SessionRouting} may serve
 * the request elsewhere (the replica that runs its session, when scaled out).
 */
public final class McpHttpMount {
    private final McpHttpComponent component;
    private final McpServices services;
    private final String issuerOrigin;
    private final Optional<String> baseDomain;
    private final SessionRouting routing;

    public McpHttpMount(McpHttpComponent component, McpServices services, String issuerOrigin,
                        Optional<String> baseDomain) {
        this(component, services, issuerOrigin, baseDomain, SessionRouting.LOCAL);
    }

    /** @param routing decides first whether a request is served here or by the replica running its session */
    public McpHttpMount(McpHttpComponent component, McpServices services, String issuerOrigin,
                        Optional<String> baseDomain, SessionRouting routing) {
        this.routing = routing;
        this.component = component;
        this.services = services;
        this.issuerOrigin = issuerOrigin;
        this.baseDomain = baseDomain.map(d -> d.toLowerCase(Locale.ROOT));
    }

    private static final long RELOAD_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    private static final long RELOAD_RETRY_MILLIS = 25;
    private final java.util.Set<String> served = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public void mount(Router router) {
        router.route("/:service/mcp").handler(this::pathForm);
        if (baseDomain.isPresent()) {
            router.route("/mcp").handler(this::hostForm);
        }
    }

    private void pathForm(RoutingContext ctx) {
        String service = ctx.pathParam("service");
        if (service == null) {
            ctx.next();
            return;
        }
        dispatch(ctx, service, () -> origin(ctx) + "/" + service + "/mcp", System.nanoTime() + RELOAD_WAIT_NANOS);
    }

    /**
     * Hands the request to the service's consumer. While a service file is reloaded its route is stopped and started
     * again: a request for a service this mount has served before waits for the new consumer (the request stays
     * paused, its body unread) for up to {@link #RELOAD_WAIT_NANOS}, instead of meeting a 404 in the gap.
     */
    private void dispatch(RoutingContext ctx, String service, Supplier<String> resource, long deadline) {
        Optional<McpHttpConsumer> consumer = available(service);
        if (consumer.isPresent()) {
            served.add(service);
            routing.route(ctx, () -> consumer.get().handle(ctx, resource.get()));
            return;
        }
        boolean knownUnavailable = services.find(service).filter(r -> r.unavailable().isPresent()).isPresent();
        if (served.contains(service) && !knownUnavailable && System.nanoTime() < deadline) {
            if (!ctx.request().isEnded()) {
                ctx.request().pause(); // keep the body for the consumer (an HTTP/2 stream is not paused by the router)
            }
            ctx.vertx().setTimer(RELOAD_RETRY_MILLIS, id -> dispatch(ctx, service, resource, deadline));
            return;
        }
        ctx.next();
    }

    /**
     * The origin the client used when it is a loopback alias of the issuer's (a laptop user typing 127.0.0.1 where
     * the issuer says localhost), so the challenge points at metadata whose {@code resource} is the URL the client
     * used (RFC 9728 §3.3); otherwise the issuer's origin.
     */
    private String origin(RoutingContext ctx) {
        String host = ctx.request().host();
        if (host == null) {
            return issuerOrigin;
        }
        try {
            URI used = URI.create(ctx.request().scheme() + "://" + host.toLowerCase(Locale.ROOT));
            URI issuer = URI.create(issuerOrigin);
            boolean sameScheme = used.getScheme().equals(issuer.getScheme());
            boolean samePort = used.getPort() == issuer.getPort();
            if (sameScheme && samePort && loopback(used.getHost()) && loopback(issuer.getHost())) {
                return used.getScheme() + "://" + used.getRawAuthority();
            }
        } catch (IllegalArgumentException e) {
            // a malformed Host header: fall back to the issuer
        }
        return issuerOrigin;
    }

    /** The consumer of a running service able to start its program: an unavailable one is not served (404). */
    private Optional<McpHttpConsumer> available(String service) {
        boolean runnable = services.find(service).filter(r -> r.unavailable().isEmpty()).isPresent();
        return runnable ? component.consumer(service) : Optional.empty();
    }

    private static boolean loopback(String host) {
        return Loopback.isHost(host);
    }

    private void hostForm(RoutingContext ctx) {
        String host = ctx.request().host();
        String suffix = "." + baseDomain.get();
        if (host != null) {
            String name = host.toLowerCase(Locale.ROOT);
            int colon = name.indexOf(':');
            if (colon > 0) {
                name = name.substring(0, colon);
            }
            if (name.startsWith("mcp-") && name.endsWith(suffix)) {
                String service = name.substring(4, name.length() - suffix.length());
                String resource = "https://" + name + "/mcp";
                dispatch(ctx, service, () -> resource, System.nanoTime() + RELOAD_WAIT_NANOS);
                return;
            }
        }
        ctx.next();
    }
}
