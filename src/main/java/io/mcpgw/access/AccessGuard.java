package io.mcpgw.access;

/**
 * The one check in front of every protected MCP request, used by both doors: the ForwardAuth {@code /verify}
 * route (for Traefik) and the gateway's own MCP routes (embedded mode). Implementations validate the bearer token
 * (signature, issuer, expiry, audience = the resource being accessed, revocation, scope).
 */
public interface AccessGuard {

    AccessDecision check(AccessRequest request);
}
