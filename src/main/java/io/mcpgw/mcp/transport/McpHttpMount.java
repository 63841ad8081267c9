package io.mcpgw.mcp.transport;

import io.mcpgw.oauth.Loopback;
import io.mcpgw.mcp.service.McpServices;
import io.vertx.ext.web.Router;
import java.net.URI;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;

/**
 * Mounts the MCP endpoint on the platform-http router, next to the Camel routes: the path form
 * {@code /{service}/mcp} and, with {@code BASE_DOMAIN}, the host form {@code /mcp} on
 * {@code mcp-{service}.{BASE_DOMAIN}}. Each request goes to the {@code mcp-http:<service>} consumer of the
 * service's route; a path or host that names no running route, or an unavailable service (its program is
 * missing), falls through to the other routes (and so to 404).
 */
public final class McpHttpMount {
    private final McpHttpComponent component;
    private final McpServices services;
    private final String issuerOrigin;
    private final Optional<String> baseDomain;

    public McpHttpMount(McpHttpComponent component, McpServices services, String issuerOrigin,
                        Optional<String> baseDomain) {
        this.component = component;
        this.services = services;
        this.issuerOrigin = issuerOrigin;
        this.baseDomain = baseDomain.map(d -> d.toLowerCase(Locale.ROOT));
    }

    public void mount(Router router) {
        router.route("/:service/mcp").handler(this::pathForm);
        if (baseDomain.isPresent()) {
            router.route("/mcp").handler(this::hostForm);
        }
    }

    private void pathForm(RoutingContext ctx) {
        String service = ctx.pathParam("service");
        Optional<McpHttpConsumer> consumer = service == null ? Optional.empty() : available(service);
        if (consumer.isEmpty()) {
            ctx.next();
            return;
        }
        consumer.get().handle(ctx, origin(ctx) + "/" + service + "/mcp");
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
                Optional<McpHttpConsumer> consumer = available(service);
                if (consumer.isPresent()) {
                    consumer.get().handle(ctx, "https://" + name + "/mcp");
                    return;
                }
            }
        }
        ctx.next();
    }
}
