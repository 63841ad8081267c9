package io.mcpgw.mcp.transport;

import io.mcpgw.routes.BeanNames;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route step {@code mcpReadBody}: reads a POST body, after the access guard (no byte of it is read before the
 * token is accepted). A declared {@code Content-Length} over {@code gateway.mcp.max-body-bytes} is a 413; the body
 * is read only within the {@link BodyBudget} of bodies being received at once (503 + {@code Retry-After} when it is
 * spent) and cut at the limit (413). After these answers the connection closes. The body becomes the message body
 * ({@code byte[]}). Other methods pass.
 */
public final class ReadBodyStep extends AsyncProcessorSupport {
    public static final String BEAN = BeanNames.MCP_READ_BODY;
    private static final Logger LOG = LoggerFactory.getLogger(ReadBodyStep.class);
    private final long maxBodyBytes;
    private final BodyBudget budget;
    private final int retryAfterSeconds;

    public ReadBodyStep(long maxBodyBytes, BodyBudget budget, int retryAfterSeconds) {
        this.maxBodyBytes = maxBodyBytes;
        this.budget = budget;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RoutingContext ctx = McpHttpExchange.context(exchange);
        if (ctx == null || ctx.request().method() != HttpMethod.POST) {
            callback.done(true);
            return true;
        }
        HttpServerRequest req = ctx.request();
        long declared = declaredLength(req.getHeader("Content-Length"));
        if (declared > maxBodyBytes) {
            tooLarge(exchange);
            callback.done(true);
            return true;
        }
        AtomicBoolean finished = new AtomicBoolean();
        PostBodyReader reader = new PostBodyReader(req, declared, maxBodyBytes, budget);
        boolean started = reader.start(body -> {
            if (finished.compareAndSet(false, true)) {
                exchange.getMessage().setBody(body.getBytes());
                exchange.setProperty(McpHttpExchange.BODY_READ, true);
                callback.done(false);
            }
        }, () -> {
            if (finished.compareAndSet(false, true)) {
                tooLarge(exchange);
                callback.done(false);
            }
        }, reserved -> {
            LOG.warn("event=mcp_body_budget_full reserved_bytes={}", reserved);
            McpHttpExchange.answer(exchange, new McpHttpExchange.Failure(503, JsonRpc.SERVER_ERROR,
                    "Service Unavailable: the gateway is receiving too many request bodies at once",
                    Map.of("Retry-After", Integer.toString(retryAfterSeconds), "Connection", "close")));
        });
        if (!started) {
            callback.done(true);
            return true;
        }
        return false;
    }

    private void tooLarge(Exchange exchange) {
        McpHttpExchange.answer(exchange, new McpHttpExchange.Failure(413, JsonRpc.SERVER_ERROR,
                "Payload Too Large: the limit is " + maxBodyBytes + " bytes", Map.of("Connection", "close")));
    }

    /** The declared body length; -1 when absent or unreadable (then the body is counted as it arrives). */
    private static long declaredLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Math.max(-1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
