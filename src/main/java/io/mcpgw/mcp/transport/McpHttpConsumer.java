package io.mcpgw.mcp.transport;

import io.mcpgw.mcp.session.McpExchange;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Turns each MCP HTTP request of one service into an exchange of its route: the Vert.x {@code RoutingContext} as
 * a property, the request headers as message headers (except the names the route steps set, such as
 * {@code McpMethod}), {@code CamelHttpMethod} and {@code McpService}; the body is not read yet (the route's
 * {@code mcpReadBody} step reads it, after the access guard). When the route is done the {@link ReplyWriter}
 * answers. No thread waits for the route: it completes on whichever thread finishes it.
 */
final class McpHttpConsumer extends DefaultConsumer {
    private final McpHttpEndpoint endpoint;

    McpHttpConsumer(McpHttpEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    String service() {
        return endpoint.getService();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.getComponent().started(this);
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.getComponent().stopped(this);
        super.doStop();
    }

    /** Handles one request; {@code resource} is the URL the client used (the token audience). */
    void handle(RoutingContext ctx, String resource) {
        HttpServerRequest req = ctx.request();
        if (req.method() == HttpMethod.POST && !req.isEnded()) {
            req.pause(); // the body waits for mcpReadBody, after the access guard
        }
        Exchange exchange = createExchange(false);
        Message message = exchange.getMessage();
        Set<String> inbound = new HashSet<>();
        for (String name : req.headers().names()) {
            if (McpExchange.gatewayHeader(name)) {
                continue;
            }
            inbound.add(name.toLowerCase(Locale.ROOT));
            List<String> values = req.headers().getAll(name);
            message.setHeader(name, values.size() == 1 ? values.get(0) : values);
        }
        message.setHeader(Exchange.HTTP_METHOD, req.method().name());
        message.setHeader(McpExchange.SERVICE_HEADER, service());
        exchange.setProperty(McpHttpExchange.CONTEXT, ctx);
        exchange.setProperty(McpHttpExchange.SERVICE, service());
        exchange.setProperty(McpHttpExchange.RESOURCE, resource);
        exchange.setProperty(McpHttpExchange.INBOUND, inbound);
        exchange.setProperty(McpHttpExchange.ROUTE, getAsyncProcessor());
        ReplyWriter replies = endpoint.getComponent().replies();
        getAsyncProcessor().process(exchange, doneSync -> {
            try {
                replies.write(exchange);
            } finally {
                releaseExchange(exchange, false);
            }
        });
    }
}
