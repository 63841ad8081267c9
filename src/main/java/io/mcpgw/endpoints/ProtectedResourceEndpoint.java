package io.mcpgw.endpoints;

import io.mcpgw.access.ProtectedResourceUrls;
import io.mcpgw.config.TrustedProxies;
import io.mcpgw.http.CorsPolicy;
import io.mcpgw.http.ForwardedRequest;
import io.mcpgw.http.HttpReplies;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.Scopes;
import io.mcpgw.oauth.resource.ResourceCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * RFC 9728 protected resource metadata for every MCP service, path form
 * ({@code {origin}/.well-known/oauth-protected-resource/{service}/mcp}) and host form
 * ({@code https://mcp-{service}.{BASE_DOMAIN}/.well-known/oauth-protected-resource/mcp}, and the root
 * {@code /.well-known/oauth-protected-resource} on that host). {@code resource} is exactly the MCP endpoint URL the
 * client used; {@code authorization_servers} is exactly the issuer.
 */
public final class ProtectedResourceEndpoint {
    private final ResourceCatalog catalog;
    private final String issuer;
    private final TrustedProxies proxies;
    private final CorsPolicy cors;

    public ProtectedResourceEndpoint(ResourceCatalog catalog, String issuer, TrustedProxies proxies, CorsPolicy cors) {
        this.catalog = catalog;
        this.issuer = issuer;
        this.proxies = proxies;
        this.cors = cors;
    }

    public void metadata(Exchange exchange) {
        if (CorsPolicy.isPreflight(exchange)) {
            cors.preflight(exchange, "GET, OPTIONS");
            return;
        }
        ForwardedRequest request = ForwardedRequest.of(exchange, proxies);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        String suffix = path == null ? "" : path.substring(Math.min(path.length(), ProtectedResourceUrls.WELL_KNOWN.length()));
        Optional<String> resource = resource(request, suffix);
        if (resource.isEmpty()) {
            HttpReplies.error(exchange, new OAuthError("not_found", "no MCP service has this metadata URL", 404));
        } else {
            String service = catalog.serviceOf(resource.get()).orElse("");
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("resource", resource.get());
            doc.put("authorization_servers", List.of(issuer));
            doc.put("scopes_supported", List.of(Scopes.MCP_TOOLS));
            doc.put("bearer_methods_supported", List.of("header"));
            doc.put("resource_name", "MCP service " + service);
            HttpReplies.json(exchange, 200, doc, "public, max-age=300");
        }
        cors.apply(exchange);
    }

    private Optional<String> resource(ForwardedRequest request, String suffix) {
        Optional<String> hostService = catalog.serviceOfHost(request.host());
        if (hostService.isPresent() && (suffix.isEmpty() || suffix.equals("/") || suffix.equals("/mcp"))) {
            return Optional.of(catalog.primaryResource(hostService.get()));
        }
        if (suffix.startsWith("/") && suffix.endsWith("/mcp") && suffix.length() > 5) {
            String service = suffix.substring(1, suffix.length() - 4);
            if (catalog.services().contains(service)) {
                return Optional.of(catalog.resourceFor(service, request.origin()));
            }
        }
        return Optional.empty();
    }
}
