package io.mcpgw.mcp.service;

import io.mcpgw.access.AccessDecision;
import io.mcpgw.access.AccessGuard;
import io.mcpgw.access.AccessRequest;
import io.mcpgw.oauth.resource.ResourceCatalog;
import java.util.Map;

/**
 * Fail-closed stand-in bound only when no {@code accessGuard} bean exists: every MCP request is a 401 with the
 * resource metadata challenge (RFC 9728 §5.1), so a gateway without the real guard never serves MCP unprotected.
 */
public final class DenyAllAccessGuard implements AccessGuard {
    private final ResourceCatalog catalog;
    private final String issuer;

    public DenyAllAccessGuard(ResourceCatalog catalog, String issuer) {
        this.catalog = catalog;
        this.issuer = issuer;
    }

    @Override
    public AccessDecision check(AccessRequest request) {
        String metadata = issuer + "/.well-known/oauth-protected-resource/" + request.service() + "/mcp";
        return new AccessDecision.Denied(401, Map.of("WWW-Authenticate", "Bearer resource_metadata=\"" + metadata + "\""),
                "application/json", "{\"error\":\"invalid_token\",\"error_description\":\"token validation is not configured\"}");
    }
}
