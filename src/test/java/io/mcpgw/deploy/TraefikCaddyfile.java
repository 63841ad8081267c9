package io.mcpgw.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates the Traefik routers of the compose labels into a Caddyfile, so that a real proxy routes test requests by
 * exactly those rules and priorities: each router becomes a CEL matcher and a {@code handle} block, in priority order
 * inside one {@code route} (first match wins, as the highest priority does in Traefik); {@code mcp-auth} becomes
 * {@code forward_auth} to the address and with the response headers of traefik/dynamic/middlewares.yml. The other
 * middlewares (rate limit, headers, CORS) have no Caddy equivalent here; their configuration is checked by
 * {@link TraefikRoutingTest}. A request no router matches gets 404 "no router".
 */
final class TraefikCaddyfile {
    private static final Pattern MATCHER = Pattern.compile("(Host|PathPrefix|Path)\\(`([^`,]+)`\\)");

    private TraefikCaddyfile() {
    }

    /**
     * @param domain   the value of {@code ${BASE_DOMAIN}}
     * @param backends Traefik service name (or compose service name, for the ForwardAuth address) to host:port
     */
    static String render(Map<String, DeploymentFiles.RouterLabels> routers, JsonNode middlewares, String domain,
                         Map<String, String> backends) {
        JsonNode forwardAuth = middlewares.path("http").path("middlewares").path("mcp-auth").path("forwardAuth");
        URI verify = URI.create(forwardAuth.path("address").asText());
        List<String> copied = TraefikRoutingTest.strings(forwardAuth.path("authResponseHeaders"));
        List<DeploymentFiles.RouterLabels> ordered = routers.values().stream()
                .sorted(Comparator.comparingInt(DeploymentFiles.RouterLabels::priority).reversed()).toList();

        StringBuilder c = new StringBuilder(":{PORT} {\n");
        for (int i = 0; i < ordered.size(); i++) {
            c.append("\t@r").append(i).append(" expression `").append(cel(ordered.get(i).rule().replace("${BASE_DOMAIN}", domain)))
                    .append("`\n");
        }
        c.append("\troute {\n");
        for (int i = 0; i < ordered.size(); i++) {
            DeploymentFiles.RouterLabels r = ordered.get(i);
            c.append("\t\t# router ").append(r.name()).append(" (priority ").append(r.priority()).append(")\n");
            c.append("\t\thandle @r").append(i).append(" {\n");
            for (String m : DeploymentFiles.expand(middlewares, r.middlewares())) {
                if (m.equals("mcp-auth")) {
                    c.append("\t\t\tforward_auth ").append(backend(backends, verify.getHost())).append(" {\n")
                            .append("\t\t\t\turi ").append(verify.getPath()).append("\n")
                            .append("\t\t\t\tcopy_headers ").append(String.join(" ", copied)).append("\n")
                            .append("\t\t\t}\n");
                }
            }
            c.append("\t\t\treverse_proxy ").append(backend(backends, r.service())).append("\n\t\t}\n");
        }
        c.append("\t\thandle {\n\t\t\trespond \"no router\" 404\n\t\t}\n\t}\n}\n");
        return c.toString();
    }

    /** A Traefik rule as a Caddy CEL expression (same operators; matchers become placeholder comparisons). */
    static String cel(String rule) {
        Matcher m = MATCHER.matcher(rule);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String arg = m.group(2).replace("'", "");
            String cel = switch (m.group(1)) {
                case "Host" -> "{host} == '" + arg.toLowerCase(java.util.Locale.ROOT) + "'";
                case "Path" -> "{path} == '" + arg + "'";
                default -> "{path}.startsWith('" + arg + "')";
            };
            m.appendReplacement(out, Matcher.quoteReplacement(cel));
        }
        m.appendTail(out);
        String rest = out.toString().replaceAll("\\{host\\} == '[^']*'|\\{path\\} == '[^']*'|\\{path\\}\\.startsWith\\('[^']*'\\)", "");
        if (!rest.matches("[\\s()&|!]*")) {
            throw new IllegalArgumentException("rule with syntax this translation does not know: " + rule);
        }
        return out.toString();
    }

    private static String backend(Map<String, String> backends, String service) {
        String b = backends.get(service);
        if (b == null) {
            throw new IllegalArgumentException("no backend for Traefik service " + service);
        }
        return b;
    }
}
