package io.mcpgw.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.TypeConverter;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.MessageHelper;
import org.apache.camel.support.ObjectHelper;
import org.apache.camel.support.http.HttpUtil;

/**
 * Writes the reply of a route run by {@link EventLoopHttpConsumer}, with the rules of the default platform-http
 * writer: status from {@code CamelHttpResponseCode} (else 200, or 204 without a body), the message headers that the
 * header filter strategy lets out ({@link GatewayHeaderFilterStrategy}: never a request header), the content type.
 * Differences: the body is always sent with a {@code Content-Length} (the routes that use this engine answer small
 * documents), and a failed exchange answers 500 with an empty body, never a stack trace.
 */
final class RouteReplyWriter {

    private RouteReplyWriter() {
    }

    static void write(RoutingContext ctx, Exchange exchange, HeaderFilterStrategy filter) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        Message message = exchange.getMessage();
        if (exchange.getException() != null) {
            response.setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("Cache-Control", "no-store").end();
            return;
        }
        Buffer body = bodyOf(exchange, message.getBody());
        response.setStatusCode(HttpUtil.determineResponseCode(exchange, body == null ? null : message.getBody()));
        if (filter != null) {
            TypeConverter converter = exchange.getContext().getTypeConverter();
            message.getHeaders().forEach((name, value) -> {
                if (filter.applyFilterToCamelHeaders(name, value, exchange)) {
                    return; // by name (every request header): skipped before its values are walked
                }
                if (value instanceof String one) {
                    response.putHeader(name, one); // one value, already let through as it is
                    return;
                }
                Iterator<?> values = ObjectHelper.createIterator(value, null, true);
                HttpUtil.applyHeader(filter, exchange, values, converter, name, (list, first) -> {
                    if (list != null) {
                        response.putHeader(name, list);
                    } else if (first != null) {
                        response.putHeader(name, first);
                    }
                });
            });
        }
        String contentType = MessageHelper.getContentType(message);
        if (contentType != null) {
            response.putHeader("Content-Type", contentType);
        }
        if (body == null) {
            response.end();
        } else {
            response.end(body);
        }
    }

    private static Buffer bodyOf(Exchange exchange, Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof String s) {
            return Buffer.buffer(s.getBytes(StandardCharsets.UTF_8));
        }
        if (body instanceof byte[] bytes) {
            return Buffer.buffer(bytes);
        }
        if (body instanceof Buffer buffer) {
            return buffer;
        }
        byte[] bytes = exchange.getContext().getTypeConverter().tryConvertTo(byte[].class, exchange, body);
        if (bytes == null) {
            throw new IllegalStateException("the route's reply body cannot be written: " + body.getClass().getName());
        }
        return Buffer.buffer(bytes);
    }
}
