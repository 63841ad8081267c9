package io.mcpgw.endpoints;

import io.mcpgw.access.AccessDecision;
import io.mcpgw.access.AccessGuard;
import io.mcpgw.access.AccessRequest;
import io.mcpgw.concurrent.AsyncFailures;
import io.mcpgw.config.TrustedProxies;
import io.mcpgw.http.ForwardedMcpPath;
import io.mcpgw.http.ForwardedRequest;
import io.mcpgw.http.HttpReplies;
import io.mcpgw.http.WorkerThreads;
import io.mcpgw.metrics.GatewayMetrics;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.store.StoreUnavailableException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.camel.AsyncCallback;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * {@code /verify}, the ForwardAuth endpoint Traefik calls before every MCP request (any method). The resource is
 * rebuilt from {@code X-Forwarded-Proto/Host/Uri} (from a trusted proxy only): host form
 * {@code https://mcp-{service}.{BASE_DOMAIN}/mcp}, path form {@code {origin}/{service}/mcp}. On success: 200 and
 * {@code X-User-Id}, {@code X-User-Name}, {@code X-User-Email}, {@code X-Client-Id} — never the token. CORS preflights
 * ({@code X-Forwarded-Method: OPTIONS}) pass without a token.
 *
 * <p>Path rule ({@link ForwardedMcpPath}): an ambiguous {@code X-Forwarded-Uri} (encoded characters, backslashes,
 * empty or dot segments) is a 400 in both forms; in the path form only exactly {@code /{service}/mcp} names a service
 * (anything else is a 404), and the query string is never read.
 */
public final class VerifyEndpoint extends AsyncProcessorSupport {
    private final AccessGuard guard;
    private final ResourceCatalog catalog;
    private final TrustedProxies proxies;
    private final GatewayMetrics metrics;

    public VerifyEndpoint(AccessGuard guard, ResourceCatalog catalog, TrustedProxies proxies, GatewayMetrics metrics) {
        this.guard = guard;
        this.catalog = catalog;
        this.proxies = proxies;
        this.metrics = metrics;
    }

    /**
     * Runs on the event loop when the route uses the {@code eventLoopHttp} engine: everything here is computation on
     * the request headers, except a token the validated-token cache cannot vouch for alone (first sight, or its
     * once-a-second revocation re-check), whose store read goes to a worker thread; the route continues when it is
     * done. On any other thread the check runs inline. Every answer is counted.
     */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        AccessRequest request = prepare(exchange);
        if (request == null) {
            count(exchange);
            callback.done(true);
            return true;
        }
        Optional<AccessDecision> known = guard.checkWithoutStore(request);
        Context context = Vertx.currentContext();
        if (known.isPresent() || context == null || !Context.isOnEventLoopThread()) {
            try {
                answer(exchange, known.orElseGet(() -> guard.check(request)));
                count(exchange);
            } catch (RuntimeException e) {
                failed(exchange, e);
            }
            callback.done(true);
            return true;
        }
        guard.checkOn(WorkerThreads.of(context), request).whenComplete((decision, failure) -> context.runOnContext(v -> {
            if (failure == null) {
                answer(exchange, decision);
                count(exchange);
            } else {
                failed(exchange, AsyncFailures.cause(failure));
            }
            callback.done(false);
        }));
        return false;
    }

    private void count(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        metrics.verified(status == null ? 200 : status);
    }

    /** The route's error handler answers it (503 + Retry-After for a store that is down). */
    private void failed(Exchange exchange, Throwable failure) {
        metrics.verified(failure instanceof StoreUnavailableException ? 503 : 500);
        exchange.setException(failure);
    }

    /** The access request for the forwarded address, or null when the request was answered already (refused). */
    private AccessRequest prepare(Exchange exchange) {
        ForwardedRequest request = ForwardedRequest.of(exchange, proxies);
        if (!request.trusted()) {
            HttpReplies.error(exchange, new OAuthError("invalid_request",
                    "/verify answers the reverse proxy only", 403));
            return null;
        }
        if (exchange.getMessage().getHeader("X-Forwarded-Uri") == null) {
            HttpReplies.error(exchange, OAuthError.invalidRequest("X-Forwarded-Uri is required: /verify is called by a "
                    + "reverse proxy (ForwardAuth) with the address of the request it guards"));
            return null;
        }
        if ("OPTIONS".equals(request.method())) {
            HttpReplies.empty(exchange, 200);
            return null;
        }
        String path = ForwardedMcpPath.withoutQuery(request.uri());
        if (ForwardedMcpPath.ambiguous(path)) {
            HttpReplies.error(exchange, OAuthError.invalidRequest("X-Forwarded-Uri is not a plain path: encoded "
                    + "characters, backslashes, empty or dot segments are refused"));
            return null;
        }
        Optional<String> hostService = catalog.serviceOfHost(request.host());
        Optional<String> service = hostService.or(() -> pathService(path));
        if (service.isEmpty()) {
            HttpReplies.error(exchange, new OAuthError("not_found", "no MCP service at this address", 404));
            return null;
        }
        String resource = hostService.isPresent()
                ? catalog.primaryResource(service.get())
                : request.origin() + "/" + service.get() + "/mcp";
        Message m = exchange.getMessage();
        return new AccessRequest(service.get(), resource, m.getHeader("Authorization", String.class),
                m.getHeader("Accept", String.class));
    }

    private static void answer(Exchange exchange, AccessDecision decision) {
        Message m = exchange.getMessage();
        if (decision instanceof AccessDecision.Allowed allowed) {
            HttpReplies.empty(exchange, 200);
            m.setHeader("X-User-Id", headerSafe(allowed.userId()));
            m.setHeader("X-User-Name", headerSafe(allowed.username()));
            if (allowed.email() != null) {
                m.setHeader("X-User-Email", headerSafe(allowed.email()));
            }
            if (allowed.clientId() != null) {
                m.setHeader("X-Client-Id", headerSafe(allowed.clientId()));
            }
        } else if (decision instanceof AccessDecision.Denied denied) {
            McpDenials.write(exchange, denied);
        }
    }

    /** Path form: only exactly {@code /{service}/mcp} of a known service ({@link ForwardedMcpPath}). */
    private Optional<String> pathService(String path) {
        return ForwardedMcpPath.service(path).filter(catalog.services()::contains);
    }

    /** Identity values come from the upstream provider; keep them to one printable header line. */
    static String headerSafe(String value) {
        if (value == null) {
            return "";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return CONTROL.matcher(value).replaceAll("");
            }
        }
        return value;
    }

    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("\\p{Cntrl}");
}
