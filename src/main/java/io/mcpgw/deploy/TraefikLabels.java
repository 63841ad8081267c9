package io.mcpgw.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * The Traefik routing of one MCP service container, following the gateway's router priorities. On the host
 * {@code mcp-<service>.${BASE_DOMAIN}}:
 * <ul>
 *   <li>{@code /.well-known/*} (priority {@value #DISCOVERY}, no authentication): the container answers the RFC 9728
 *       protected resource metadata of its host and the AS metadata itself;</li>
 *   <li>{@code /mcp} (priority {@value #MCP}) and everything else (catch-all, {@value #CATCH_ALL}): ForwardAuth
 *       ({@code mcp-auth}) first, and the container checks the token again.</li>
 * </ul>
 * The OAuth endpoints (priority 4) live on the auth host only (compose/docker-compose.yml); priority 3 is reserved for
 * internal endpoints: {@code /verify} has no public router at all.
 */
public final class TraefikLabels {
    public static final String ENTRYPOINT = "websecure";
    /** The chain of rate limit, security headers and CORS (traefik/dynamic/middlewares.yml). */
    public static final String PUBLIC = "edge-public@file";
    /** {@link #PUBLIC} followed by ForwardAuth to the auth service's {@code /verify}. */
    public static final String PROTECTED = "edge-protected@file";
    public static final int DISCOVERY = 10;
    public static final int MCP = 2;
    public static final int CATCH_ALL = 1;
    public static final int PORT = 8080;

    private TraefikLabels() {
    }

    /** {@code mcp-<service>.${BASE_DOMAIN}}. */
    public static String host(String service) {
        return "mcp-" + service + ".${BASE_DOMAIN}";
    }

    /** The compose service, Traefik service and router name prefix of {@code service}. */
    public static String id(String service) {
        return "mcp-" + service;
    }

    /** The three routers of {@code service}, highest priority first. */
    public static List<Router> routers(String service) {
        String host = "Host(`" + host(service) + "`)";
        String id = id(service);
        return List.of(
                new Router(id + "-discovery", host + " && PathPrefix(`/.well-known/`)", DISCOVERY, PUBLIC, id),
                new Router(id, host + " && PathPrefix(`/mcp`)", MCP, PROTECTED, id),
                new Router(id + "-catchall", host, CATCH_ALL, PROTECTED, id));
    }

    /**
     * Every label of the container: enable, the routers, and the load balancer (port {@value #PORT}, a sticky cookie
     * so that clients that keep cookies stay with the replica that holds their MCP session).
     */
    public static List<String> labels(String service) {
        List<String> labels = new ArrayList<>();
        labels.add("traefik.enable=true");
        routers(service).forEach(r -> labels.addAll(r.labels()));
        String lb = "traefik.http.services." + id(service) + ".loadbalancer.";
        labels.add(lb + "server.port=" + PORT);
        labels.add(lb + "sticky.cookie.name=" + id(service).replace('-', '_') + "_affinity");
        labels.add(lb + "sticky.cookie.secure=true");
        labels.add(lb + "sticky.cookie.httponly=true");
        return labels;
    }
}
