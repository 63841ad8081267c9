package io.mcpgw.mcp.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.session.McpBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend of one session of a native service: what a stdio child is for a stdio service. A request the session
 * sends (gateway id already in place) becomes an exchange of the {@code mcp-native-rpc} route, run on the native
 * pool (never on the caller's thread, so an answer never arrives inside {@link #send}); the route's answer goes to
 * the session's listener exactly as a child's stdout line would. {@code notifications/cancelled} interrupts the
 * request it names (the session sends one on its request timeout too); other notifications and responses need no
 * handling: a native service keeps no per-session protocol state and sends no requests.
 */
public final class NativeBackend implements McpBackend {
    private static final Logger LOG = LoggerFactory.getLogger(NativeBackend.class);

    private final NativeService service;
    private final String userId;
    private final Listener listener;
    private final CamelContext context;
    private final Processor rpc;
    private final ExecutorService executor;
    private final Map<String, FutureTask<Void>> inFlight = new ConcurrentHashMap<>();
    private volatile boolean closed;

    NativeBackend(NativeService service, String userId, Listener listener, CamelContext context, Processor rpc,
                  ExecutorService executor) {
        this.service = service;
        this.userId = userId;
        this.listener = listener;
        this.context = context;
        this.rpc = rpc;
        this.executor = executor;
    }

    @Override
    public void send(JsonNode message) throws IOException {
        if (closed) {
            throw new IOException("session backend closed");
        }
        switch (JsonRpc.kind(message)) {
            case REQUEST -> submit(((ObjectNode) message).deepCopy());
            case NOTIFICATION -> {
                if ("notifications/cancelled".equals(JsonRpc.method(message))) {
                    JsonNode id = message.at("/params/requestId");
                    FutureTask<Void> task = id.isMissingNode() ? null : inFlight.get(id.toString());
                    if (task != null) {
                        task.cancel(true);
                    }
                }
            }
            default -> {
                // responses to server requests: a native service sends none
            }
        }
    }

    private void submit(ObjectNode request) throws IOException {
        String key = request.get("id").toString();
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                answer(request);
            } finally {
                inFlight.remove(key);
            }
            return null;
        });
        inFlight.put(key, task);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, task);
            throw new IOException("native service " + service.name() + " is overloaded", e);
        }
    }

    private void answer(ObjectNode request) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(NativeRpcRoutes.DEFINITION, service.definition());
        exchange.setProperty(NativeRpcRoutes.USER, userId);
        exchange.getMessage().setBody(request);
        ObjectNode response;
        try {
            rpc.process(exchange);
            response = exchange.getException() == null ? exchange.getMessage().getBody(ObjectNode.class) : null;
            if (exchange.getException() != null) {
                LOG.warn("event=native_rpc_failed service={} error={}", service.name(), exchange.getException().toString());
            }
        } catch (Exception e) {
            LOG.warn("event=native_rpc_failed service={} error={}", service.name(), e.toString());
            response = null;
        }
        if (Thread.interrupted() || closed) {
            return; // cancelled or session over: nobody waits for this answer
        }
        listener.onMessage(response != null ? response
                : JsonRpc.error(request.get("id"), JsonRpc.INTERNAL_ERROR, "Internal error"));
    }

    @Override
    public CompletableFuture<Void> close(Duration grace, Executor executor) {
        closed = true;
        inFlight.values().forEach(t -> t.cancel(true));
        return CompletableFuture.completedFuture(null);
    }
}
