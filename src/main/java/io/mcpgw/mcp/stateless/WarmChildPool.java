package io.mcpgw.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.jsonrpc.ProtocolVersions;
import io.mcpgw.mcp.service.McpServices;
import io.mcpgw.mcp.service.ServiceRuntime;
import io.mcpgw.mcp.service.ServiceUnavailableException;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.MessageSink;
import io.mcpgw.mcp.session.SessionLimitException;
import io.mcpgw.mcp.session.SessionRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm children that serve stateless requests: at most one per (user, service), started on the first stateless
 * request of that user on that service and initialized once, with the newest session-based revision the gateway
 * speaks; the child answers with the revision it supports.
 *
 * <p>Rules it enforces:
 * <ul>
 *   <li>a child belongs to one user: a request is only ever served by the child of its own (user, service);</li>
 *   <li>a warm child is a session of the {@link SessionRegistry}: it counts against {@code MCP_MAX_SESSIONS_PER_USER}
 *       and {@code MCP_MAX_SESSIONS} and the service's own {@code maxSessionsPerUser} (beyond: {@link
 *       SessionLimitException}, 503), ends after {@code SESSION_TIMEOUT} idle, with the service, or at shutdown,
 *       and is never reachable through an {@code Mcp-Session-Id} (it is never marked established);</li>
 *   <li>the child is initialized with empty client capabilities (no sampling, elicitation or roots) and any
 *       server→client request it sends anyway is refused ({@link ServerRequestRefusal}); notifications that concern
 *       no request in flight (list changes, logs) are dropped;</li>
 *   <li>a child that ended (exit, idle timeout) or failed to initialize is replaced by a fresh one on the next
 *       request; an initialize the child refuses or answers with a revision the gateway does not speak ends it.</li>
 * </ul>
 */
public final class WarmChildPool {
    private static final Logger LOG = LoggerFactory.getLogger(WarmChildPool.class);

    private record Key(String user, String service) {
    }

    private final McpServices services;
    private final SessionRegistry sessions;
    private final Executor starter;
    private final Map<Key, CompletableFuture<WarmChild>> children = new ConcurrentHashMap<>();

    public WarmChildPool(McpServices services, SessionRegistry sessions, Executor starter) {
        this.services = services;
        this.sessions = sessions;
        this.starter = starter;
    }

    /**
     * The warm child of {@code user} on {@code service}, started when there is none alive. The future fails with
     * {@link SessionLimitException} at a cap and {@link ServiceUnavailableException} when the service cannot run or
     * its child does not initialize.
     */
    public CompletableFuture<WarmChild> child(String user, String service) {
        Key key = new Key(user, service);
        return children.compute(key, (k, current) -> usable(current) ? current : start(k));
    }

    /** Live warm children (for tests and health). */
    public int size() {
        return (int) children.values().stream().filter(WarmChildPool::usable).count();
    }

    private static boolean usable(CompletableFuture<WarmChild> future) {
        if (future == null || future.isCompletedExceptionally()) {
            return false;
        }
        return !future.isDone() || future.join().alive();
    }

    private CompletableFuture<WarmChild> start(Key key) {
        CompletableFuture<WarmChild> future = new CompletableFuture<>();
        ServiceRuntime runtime = services.find(key.service()).orElse(null);
        if (runtime == null || runtime.unavailable().isPresent()) {
            future.completeExceptionally(new ServiceUnavailableException(key.service(),
                    runtime == null ? "no such service" : runtime.unavailable().get()));
            return future;
        }
        McpSession session;
        try {
            int max = runtime.maxSessionsPerUser();
            if (max > 0 && sessions.count(key.user(), key.service()) >= max) {
                throw new SessionLimitException("you have the maximum of " + max + " open sessions on " + key.service());
            }
            session = sessions.open(key.user(), key.service());
        } catch (SessionLimitException e) {
            future.completeExceptionally(e);
            return future;
        }
        try {
            starter.execute(() -> launch(runtime, session, future));
        } catch (RuntimeException e) {
            session.terminate("gateway shutting down");
            future.completeExceptionally(new ServiceUnavailableException(key.service(), "shutting down"));
        }
        return future;
    }

    private void launch(ServiceRuntime runtime, McpSession session, CompletableFuture<WarmChild> future) {
        try {
            session.attach(runtime.start(session.userId(), session));
        } catch (Exception e) {
            LOG.warn("event=warm_child_start_failed service={} error={}", session.service(), e.getMessage());
            session.terminate("start failed");
            future.completeExceptionally(new ServiceUnavailableException(session.service(), "cannot start"));
            return;
        }
        session.openGetStream(new Discard(session, starter));
        session.request(initialize(), null, response -> initialized(session, response, future));
    }

    private void initialized(McpSession session, ObjectNode response, CompletableFuture<WarmChild> future) {
        JsonNode result = response.get("result");
        String version = result == null ? null : result.path("protocolVersion").asText(null);
        if (!(result instanceof ObjectNode r) || !ProtocolVersions.supported(version)) {
            LOG.warn("event=warm_child_initialize_failed service={} version={} error={}", session.service(), version,
                    response.path("error").path("message").asText(""));
            session.terminate("initialize failed");
            future.completeExceptionally(new ServiceUnavailableException(session.service(), "its MCP server did not "
                    + "initialize"));
            return;
        }
        try {
            session.notify(JsonRpc.notification("notifications/initialized", JsonNodeFactory.instance.objectNode()));
        } catch (Exception e) {
            session.terminate("initialize failed");
            future.completeExceptionally(new ServiceUnavailableException(session.service(), "its MCP server exited"));
            return;
        }
        LOG.info("event=warm_child_started service={} user={} version={}", session.service(), session.userId(), version);
        future.complete(new WarmChild(session, r));
    }

    private static ObjectNode initialize() {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("protocolVersion", ProtocolVersions.LATEST);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "mcp-oauth-gateway-stateless").put("version", "1.0.0");
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("jsonrpc", "2.0");
        message.put("id", "warm-initialize");
        message.put("method", "initialize");
        message.set("params", params);
        return message;
    }

    /** The warm child's "GET stream": nobody listens; requests are refused, notifications dropped. */
    private record Discard(McpSession session, Executor executor) implements MessageSink {
        @Override
        public boolean deliver(ObjectNode message) {
            if (JsonRpc.kind(message) == JsonRpc.Kind.REQUEST) {
                ServerRequestRefusal.refuse(session, message, executor);
            }
            return true;
        }

        @Override
        public void end() {
        }
    }
}
