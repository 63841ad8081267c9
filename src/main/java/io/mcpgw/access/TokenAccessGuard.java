package io.mcpgw.access;

import io.mcpgw.concurrent.AsyncFailures;
import io.mcpgw.oauth.resource.Audience;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.Scopes;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.pages.Pages;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.token.InvalidAccessTokenException;
import io.mcpgw.oauth.token.ValidatedAccessToken;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The {@link AccessGuard} behind both doors. In order (MCP authorization: token validation; RFC 6750 §3):
 * <ol>
 *   <li>no {@code Authorization: Bearer <token>} → 401, challenge without {@code error};</li>
 *   <li>token invalid for this resource (signature, issuer, expiry, audience = the resource, revocation) → 401
 *       {@code error="invalid_token"};</li>
 *   <li>token lacks the scope the service requires → 403 {@code error="insufficient_scope"} with {@code scope};</li>
 *   <li>otherwise the identity; the token itself goes no further (no token passthrough).</li>
 * </ol>
 * Every refusal carries {@code WWW-Authenticate: Bearer resource_metadata="<the resource's RFC 9728 URL>"}; its body is
 * JSON, or a short HTML page when the caller is a browser ({@code Accept: text/html} without JSON or SSE).
 */
public final class TokenAccessGuard implements AccessGuard {
    private final ValidatedTokenCache tokens;
    private final String requiredScope;

    public TokenAccessGuard(ValidatedTokenCache tokens) {
        this(tokens, Scopes.MCP_TOOLS);
    }

    public TokenAccessGuard(ValidatedTokenCache tokens, String requiredScope) {
        this.tokens = tokens;
        this.requiredScope = requiredScope;
    }

    @Override
    public AccessDecision check(AccessRequest request) {
        return decide(request, true).orElseThrow();
    }

    /** {@link #check} when the validated-token cache can answer alone (no token, or a token validated moments ago). */
    @Override
    public Optional<AccessDecision> checkWithoutStore(AccessRequest request) {
        return decide(request, false);
    }

    /**
     * One store read per token however many requests carry it at once ({@link ValidatedTokenCache#revalidate}); then
     * the decision from the refreshed cache. Only when the cache still cannot vouch (a revocation in this process
     * while the read ran) does the full {@link #check} run, also on {@code blocking}.
     */
    @Override
    public CompletableFuture<AccessDecision> checkOn(Executor blocking, AccessRequest request) {
        String token = bearerToken(request.authorization());
        if (token == null) {
            return CompletableFuture.completedFuture(check(request));
        }
        return tokens.revalidate(token, blocking).handle((validated, failure) -> {
            Throwable cause = AsyncFailures.cause(failure);
            if (cause instanceof InvalidAccessTokenException invalid) {
                return CompletableFuture.completedFuture(refused(request, invalid));
            }
            if (cause != null) {
                return CompletableFuture.<AccessDecision>failedFuture(cause);
            }
            Optional<AccessDecision> known = checkWithoutStore(request);
            return known.isPresent() ? CompletableFuture.completedFuture(known.get())
                    : CompletableFuture.supplyAsync(() -> check(request), blocking);
        }).thenCompose(decision -> decision);
    }

    private Optional<AccessDecision> decide(AccessRequest request, boolean mayReadStore) {
        String authorization = request.authorization();
        long span = bearerSpan(authorization);
        if (span < 0) {
            String resource = canonical(request);
            return Optional.of(deny(request, 401, BearerChallenge.of(ProtectedResourceUrls.metadataUrl(resource),
                    requiredScope, null, null), "unauthorized", "a Bearer access token is required", resource));
        }
        Audience audience = Audience.of(canonical(request));
        ValidatedAccessToken t;
        try {
            if (mayReadStore) {
                t = tokens.validate(authorization.substring(from(span), to(span)), audience);
            } else {
                Optional<ValidatedAccessToken> cached = tokens.validateCachedByHash(
                        Secrets.hash(authorization, from(span), to(span)), audience);
                if (cached.isEmpty()) {
                    return Optional.empty();
                }
                t = cached.get();
            }
        } catch (InvalidAccessTokenException e) {
            return Optional.of(refused(request, e));
        }
        if (!t.scopes().contains(requiredScope)) {
            String resource = canonical(request);
            String description = "this MCP service requires the scope " + requiredScope;
            return Optional.of(deny(request, 403, BearerChallenge.of(ProtectedResourceUrls.metadataUrl(resource),
                    requiredScope, "insufficient_scope", description), "insufficient_scope", description, resource));
        }
        return Optional.of(new AccessDecision.Allowed(t.subject(), t.username(), t.email(), t.clientId(), t.scopes()));
    }

    private static String canonical(AccessRequest request) {
        return ResourceCatalog.canonicalString(request.resource()).orElse(request.resource());
    }

    /** 401 {@code invalid_token} with the reason. */
    private AccessDecision refused(AccessRequest request, InvalidAccessTokenException e) {
        String resource = canonical(request);
        String description = describe(e);
        return deny(request, 401, BearerChallenge.of(ProtectedResourceUrls.metadataUrl(resource), requiredScope,
                "invalid_token", description), "invalid_token", description, resource);
    }

    /** The token of an {@code Authorization: Bearer} header (scheme case-insensitive), or null. */
    static String bearerToken(String authorization) {
        long span = bearerSpan(authorization);
        return span < 0 ? null : authorization.substring(from(span), to(span));
    }

    /**
     * Where the token of a {@code Bearer} authorization sits in the header (scheme in any case, the token trimmed as
     * {@link String#trim} trims), packed as {@code from << 32 | to}; -1 when there is none.
     */
    static long bearerSpan(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return -1;
        }
        int from = 7;
        int to = authorization.length();
        while (from < to && authorization.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && authorization.charAt(to - 1) <= ' ') {
            to--;
        }
        return from == to ? -1 : (long) from << 32 | to;
    }

    private static int from(long span) {
        return (int) (span >>> 32);
    }

    private static int to(long span) {
        return (int) span;
    }

    private static String describe(InvalidAccessTokenException e) {
        return switch (e.reason()) {
            case EXPIRED -> "the access token expired";
            case WRONG_AUDIENCE -> "the access token was not issued for this MCP service";
            case REVOKED -> "the access token was revoked";
            default -> "the access token is invalid";
        };
    }

    private static AccessDecision deny(AccessRequest request, int status, String challenge, String error,
                                       String description, String resource) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("WWW-Authenticate", challenge);
        if (wantsHtml(request.accept())) {
            return new AccessDecision.Denied(status, headers, "text/html; charset=utf-8",
                    Pages.connectInstructions(resource));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new AccessDecision.Denied(status, headers, "application/json", Json.write(body));
    }

    static boolean wantsHtml(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("text/html") && !a.contains("application/json") && !a.contains("text/event-stream");
    }
}
