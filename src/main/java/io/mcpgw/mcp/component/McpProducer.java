package io.mcpgw.mcp.component;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.service.ServiceRuntime;
import io.mcpgw.mcp.service.ServiceUnavailableException;
import io.mcpgw.mcp.session.McpExchange;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.SessionDelivery;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one client message to its session's backend, asynchronously: a request completes when the backend answers
 * (or times out, or dies) without holding a thread in between.
 *
 * <p>Rules: a message carrying the {@value McpExchange#REFUSE_HEADER} header never reaches the backend (a request
 * is answered with JSON-RPC {@value JsonRpc#REFUSED}); the first message of a session (the client's
 * {@code initialize}, passed through so the real server negotiates the version) starts the backend on the starter
 * pool; an unavailable service is a {@link ServiceUnavailableException} (503). Starting the route registers the
 * service; stopping it (file removed, shutdown) ends all its sessions.
 */
final class McpProducer extends DefaultAsyncProducer {
    private static final Logger LOG = LoggerFactory.getLogger(McpProducer.class);
    private final McpEndpoint endpoint;
    private ServiceRuntime runtime;

    McpProducer(McpEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        runtime = endpoint.getComponent().services().start(endpoint.getService());
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.getComponent().services().stop(endpoint.getService(), runtime);
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        McpSession session = exchange.getProperty(McpExchange.SESSION, McpSession.class);
        ObjectNode message = exchange.getMessage().getBody(ObjectNode.class);
        if (session == null || message == null) {
            exchange.setException(new IllegalStateException("mcp:" + endpoint.getService()
                    + " needs a session and one JSON-RPC message (the route's mcpSession step)"));
            callback.done(true);
            return true;
        }
        String refusal = exchange.getMessage().getHeader(McpExchange.REFUSE_HEADER, String.class);
        if (refusal != null) {
            if (JsonRpc.kind(message) == JsonRpc.Kind.REQUEST) {
                exchange.getMessage().setBody(JsonRpc.error(message.get("id"), JsonRpc.REFUSED, "Refused: " + refusal));
            }
            callback.done(true);
            return true;
        }
        if (session.backend() != null) {
            return deliver(exchange, session, message, callback);
        }
        try {
            endpoint.getComponent().starter().execute(() -> {
                try {
                    start(session);
                } catch (RuntimeException e) {
                    exchange.setException(e);
                    callback.done(false);
                    return;
                }
                deliver(exchange, session, message, doneSync -> callback.done(false));
            });
            return false;
        } catch (RejectedExecutionException e) {
            exchange.setException(new ServiceUnavailableException(endpoint.getService(), "shutting down"));
            callback.done(true);
            return true;
        }
    }

    private static boolean deliver(Exchange exchange, McpSession session, ObjectNode message, AsyncCallback callback) {
        try {
            return SessionDelivery.deliver(exchange, session, message, callback);
        } catch (Exception e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private void start(McpSession session) {
        if (runtime.unavailable().isPresent()) {
            throw new ServiceUnavailableException(endpoint.getService(), runtime.unavailable().get());
        }
        try {
            session.attach(runtime.start(session.userId(), session));
        } catch (IOException e) {
            LOG.warn("event=backend_start_failed service={} error={}", endpoint.getService(), e.getMessage());
            throw new ServiceUnavailableException(endpoint.getService(), "cannot start: " + e.getMessage());
        }
    }
}
