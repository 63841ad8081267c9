package io.mcpgw.mcp.transport;

import io.mcpgw.routes.BeanNames;
import io.mcpgw.concurrent.AsyncFailures;
import io.mcpgw.http.WorkerThreads;
import io.mcpgw.access.AccessDecision;
import io.mcpgw.access.AccessGuard;
import io.mcpgw.access.AccessRequest;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.session.McpExchange;
import io.mcpgw.store.StoreUnavailableException;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route step {@code mcpAccessGuard}: every request, GET and DELETE included, passes the {@link AccessGuard} (the
 * token's signature, expiry, audience = the URL the client used, revocation, the user allow-list) before anything
 * else is read; a denial is answered verbatim (401/403 with its challenge); a state store that is down is a 503 with
 * {@code Retry-After}. A token the validated-token cache vouches for (seen in the last second, no revocation since)
 * is decided on the event loop; otherwise the check may block (a store read), so it runs on a Vert.x worker and the
 * route continues on the event loop. The user let in is the header {@code McpUser}.
 */
public final class AccessGuardStep extends AsyncProcessorSupport {
    public static final String BEAN = BeanNames.MCP_ACCESS_GUARD;
    private static final Logger LOG = LoggerFactory.getLogger(AccessGuardStep.class);
    private final Supplier<AccessGuard> guard;
    private final int retryAfterSeconds;

    public AccessGuardStep(Supplier<AccessGuard> guard, int retryAfterSeconds) {
        this.guard = guard;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RoutingContext ctx = McpHttpExchange.context(exchange);
        if (ctx == null) {
            callback.done(true);
            return true;
        }
        String service = exchange.getProperty(McpHttpExchange.SERVICE, String.class);
        AccessRequest request = new AccessRequest(service, exchange.getProperty(McpHttpExchange.RESOURCE, String.class),
                ctx.request().getHeader("Authorization"), ctx.request().getHeader("Accept"));
        AccessGuard current = guard.get();
        java.util.Optional<AccessDecision> known = current.checkWithoutStore(request);
        if (known.isPresent()) {
            // the validated-token cache vouched for the token: no store read, no thread hop
            apply(exchange, known.get());
            callback.done(true);
            return true;
        }
        io.vertx.core.Context loop = ctx.vertx().getOrCreateContext();
        current.checkOn(WorkerThreads.of(loop), request).whenComplete((decision, failure) -> loop.runOnContext(v -> {
            Throwable cause = AsyncFailures.cause(failure);
            if (cause instanceof StoreUnavailableException) {
                // the state store (Redis) is down: a temporary condition, answered like the OAuth endpoints answer it
                LOG.warn("event=store_unavailable route=mcp-{}", service);
                McpHttpExchange.answer(exchange, new McpHttpExchange.Failure(503, JsonRpc.SERVER_ERROR,
                        "Service Unavailable: the gateway's state store is not reachable; retry shortly",
                        Map.of("Retry-After", Integer.toString(retryAfterSeconds))));
            } else if (cause != null) {
                LOG.error("event=mcp_request_failed service={} error={}", service, cause.toString(), cause);
                McpHttpExchange.answer(exchange, 500, JsonRpc.INTERNAL_ERROR, "Internal error");
            } else {
                apply(exchange, decision);
            }
            callback.done(false);
        }));
        return false;
    }

    private static void apply(Exchange exchange, AccessDecision decision) {
        if (decision instanceof AccessDecision.Allowed allowed) {
            exchange.setProperty(McpHttpExchange.USER, allowed.userId());
            exchange.getMessage().setHeader(McpExchange.USER_HEADER, allowed.userId());
        } else if (decision instanceof AccessDecision.Denied denied) {
            McpHttpExchange.answer(exchange, new McpHttpExchange.Denied(denied));
        }
    }
}
