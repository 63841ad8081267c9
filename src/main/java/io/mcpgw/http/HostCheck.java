package io.mcpgw.http;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.TrustedProxies;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses every request not addressed to this gateway (DNS rebinding), before any route or the MCP handler sees it:
 * one Vert.x handler, first on the platform-http router, so it covers the Camel routes and the MCP endpoints alike.
 * Rules ({@link GatewayHosts} says which names are ours):
 * <ul>
 *   <li>a request from a trusted proxy ({@code GATEWAY_TRUSTED_PROXIES}) that carries {@code X-Forwarded-Host} is
 *       judged on that forwarded host, and its own {@code Host} must be ours too or an internal hop (an IP literal
 *       or a single-label name such as {@code auth:8080}, which Traefik uses for ForwardAuth to
 *       {@code http://auth:8080/verify}). The second condition matters because loopback is a trusted proxy by
 *       default: a rebinding page on the same machine may add an {@code X-Forwarded-Host} of its own, but it cannot
 *       change the {@code Host} its browser sends;</li>
 *   <li>any other request is judged on its {@code Host} (HTTP/2: {@code :authority}); none at all is refused;</li>
 *   <li>refused: {@code 421 Misdirected Request} (RFC 9110 §15.5.20: this server will not answer for that
 *       authority), a small fixed JSON error body, {@code Cache-Control: no-store}. The refused host is never echoed.</li>
 * </ul>
 */
public final class HostCheck implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(HostCheck.class);
    static final String BODY = "{\"error\":\"invalid_request\",\"error_description\":\"this gateway does not answer for "
            + "that host name; use the address in GATEWAY_ISSUER or an MCP service host\"}";

    private final GatewayHosts hosts;
    private final TrustedProxies proxies;

    public HostCheck(GatewayHosts hosts, TrustedProxies proxies) {
        this.hosts = hosts;
        this.proxies = proxies;
    }

    /** Mounts the check first on the platform-http router of {@code settings.port()} once the HTTP server exists. */
    public static void install(CamelContext context, GatewaySettings settings) throws Exception {
        HostCheck check = new HostCheck(GatewayHosts.of(settings), settings.trustedProxies());
        PlatformRouterHook.onRouter(context, settings.port(), true,
                router -> router.route().order(Integer.MIN_VALUE).handler(check));
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (allowed(ctx.request())) {
            ctx.next();
            return;
        }
        LOG.info("event=host_refused path_length={}", ctx.request().path() == null ? 0 : ctx.request().path().length());
        ctx.response().setStatusCode(421).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(BODY);
    }

    boolean allowed(HttpServerRequest request) {
        String host = request.getHeader("Host");
        if (host == null) {
            HostAndPort authority = request.authority();
            host = authority == null ? null : authority.toString();
        }
        String forwardedHost = request.getHeader("X-Forwarded-Host");
        if (forwardedHost != null && !forwardedHost.isBlank() && proxies.trusts(ForwardedRequest.peer(request.connection().remoteAddress()))) {
            int comma = forwardedHost.indexOf(',');
            String first = (comma < 0 ? forwardedHost : forwardedHost.substring(0, comma)).strip();
            return hosts.allowsHost(first) && (hosts.allowsHost(host) || GatewayHosts.isInternalHop(host));
        }
        return hosts.allowsHost(host);
    }

}
