package io.mcpgw.deploy;

import java.util.List;

/**
 * One Traefik HTTP router, written as docker labels {@code traefik.http.routers.<name>.*}.
 *
 * @param name        router name, unique in the deployment
 * @param rule        Traefik v3 rule, e.g. {@code Host(`mcp-memory.${BASE_DOMAIN}`) && PathPrefix(`/mcp`)}
 * @param priority    higher wins (discovery 10, OAuth 4, internal 3, MCP 2, catch-all 1)
 * @param middlewares Traefik middleware references, applied in order
 * @param service     Traefik service name (the container's load balancer)
 */
public record Router(String name, String rule, int priority, String middlewares, String service) {

    /** The router's labels, on the {@value TraefikLabels#ENTRYPOINT} entry point (TLS comes from the entry point). */
    public List<String> labels() {
        String p = "traefik.http.routers." + name + ".";
        return List.of(p + "rule=" + rule, p + "priority=" + priority, p + "entrypoints=" + TraefikLabels.ENTRYPOINT,
                p + "middlewares=" + middlewares, p + "service=" + service);
    }
}
