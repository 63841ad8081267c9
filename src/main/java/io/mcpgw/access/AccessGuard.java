package io.mcpgw.access;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The one check in front of every protected MCP request, used by both doors: the ForwardAuth {@code /verify}
 * route (for Traefik) and the gateway's own MCP routes (embedded mode). Implementations validate the bearer token
 * (signature, issuer, expiry, audience = the resource being accessed, revocation, scope).
 */
public interface AccessGuard {

    AccessDecision check(AccessRequest request);

    /**
     * The decision when it needs no store read (no token, or a token this process validated moments ago); empty
     * otherwise. Event-loop code asks this first and, when it is empty, {@link #checkOn} a worker.
     */
    default Optional<AccessDecision> checkWithoutStore(AccessRequest request) {
        return Optional.empty();
    }

    /**
     * {@link #check} without holding the caller's thread: the store read runs on {@code blocking}, and the future
     * completes there (event-loop callers hop back to their loop). Implementations may let concurrent callers share
     * one store read. The future fails with what {@link #check} would throw (a store that is down).
     */
    default CompletableFuture<AccessDecision> checkOn(Executor blocking, AccessRequest request) {
        return CompletableFuture.supplyAsync(() -> check(request), blocking);
    }
}
