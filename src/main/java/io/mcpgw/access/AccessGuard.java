package io.mcpgw.access;

/**
 * The one check in front of every protected MCP request, used by both doors: the ForwardAuth {@code /verify}
 * route (for Traefik) and the gateway's own MCP routes (embedded mode). Implementations validate the bearer token
 * (signature, issuer, expiry, audience = the resource being accessed, revocation, scope).
 */
public interface AccessGuard {

    AccessDecision check(AccessRequest request);

    /**
     * The decision when it needs no store read (no token, or a token this process validated moments ago); empty
     * otherwise. Event-loop code asks this first and hands {@link #check} to a worker thread only when it is empty.
     */
    default java.util.Optional<AccessDecision> checkWithoutStore(AccessRequest request) {
        return java.util.Optional.empty();
    }
}
