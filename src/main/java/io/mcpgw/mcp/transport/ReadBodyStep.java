package io.mcpgw.mcp.transport;

import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Route step {@code mcpReadBody}: reads a POST body (after the access guard, never before), at most
 * {@code gateway.mcp.max-body-bytes}: a larger {@code Content-Length} or body is a 413 and the connection closes.
 * The body becomes the message body ({@code byte[]}). Other methods pass.
 */
public final class ReadBodyStep extends AsyncProcessorSupport {
    public static final String BEAN = "mcpReadBody";
    private final long maxBodyBytes;

    public ReadBodyStep(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RoutingContext ctx = McpHttpExchange.context(exchange);
        if (ctx == null || ctx.request().method() != HttpMethod.POST) {
            callback.done(true);
            return true;
        }
        HttpServerRequest req = ctx.request();
        String length = req.getHeader("Content-Length");
        if (length != null && parseLong(length) > maxBodyBytes) {
            tooLarge(exchange);
            callback.done(true);
            return true;
        }
        Buffer body = Buffer.buffer();
        AtomicBoolean finished = new AtomicBoolean();
        req.handler(chunk -> {
            if (finished.get()) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                if (finished.compareAndSet(false, true)) {
                    tooLarge(exchange);
                    callback.done(false);
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(e -> {
            if (finished.compareAndSet(false, true)) {
                McpHttpExchange.answer(exchange, 400, JsonRpc.SERVER_ERROR, "Bad Request: the body could not be read");
                callback.done(false);
            }
        });
        req.endHandler(v -> {
            if (finished.compareAndSet(false, true)) {
                exchange.getMessage().setBody(body.getBytes());
                callback.done(false);
            }
        });
        req.resume();
        return false;
    }

    private void tooLarge(Exchange exchange) {
        McpHttpExchange.answer(exchange, new McpHttpExchange.Failure(413, JsonRpc.SERVER_ERROR,
                "Payload Too Large: the limit is " + maxBodyBytes + " bytes", java.util.Map.of("Connection", "close")));
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
