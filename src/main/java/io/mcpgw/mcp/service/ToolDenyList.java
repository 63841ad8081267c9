package io.mcpgw.mcp.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.session.McpBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Tools of a service that the gateway switches off, between a session and its child. Rules: a denied tool never
 * appears in a {@code tools/list} result, and a {@code tools/call} of it never reaches the child: it is answered
 * with JSON-RPC error -32602 (invalid params, as for an unknown tool), asynchronously like a child's answer.
 * Everything else passes unchanged in both directions.
 */
public final class ToolDenyList implements McpBackend, McpBackend.Listener {
    /** JSON-RPC "invalid params": what MCP servers answer for an unknown tool. */
    static final int UNKNOWN_TOOL = -32602;

    private final Set<String> denied;
    private final McpBackend.Listener session;
    private final Set<String> toolListRequests = ConcurrentHashMap.newKeySet();
    private volatile McpBackend child;

    public ToolDenyList(List<String> denied, McpBackend.Listener session) {
        this.denied = Set.copyOf(denied);
        this.session = session;
    }

    public boolean isEmpty() {
        return denied.isEmpty();
    }

    /** This filter in front of {@code child}; start the child with this object as its listener. */
    public McpBackend around(McpBackend child) {
        this.child = child;
        return this;
    }

    @Override
    public void send(JsonNode message) throws IOException {
        if (JsonRpc.kind(message) == JsonRpc.Kind.REQUEST) {
            String method = JsonRpc.method(message);
            if ("tools/call".equals(method) && denied.contains(message.at("/params/name").asText(""))) {
                ObjectNode refusal = JsonRpc.error(message.get("id").deepCopy(), UNKNOWN_TOOL,
                        "Tool " + message.at("/params/name").asText() + " is not available through this gateway");
                CompletableFuture.runAsync(() -> session.onMessage(refusal));
                return;
            }
            if ("tools/list".equals(method)) {
                toolListRequests.add(message.get("id").toString());
            }
        }
        child.send(message);
    }

    @Override
    public void onMessage(ObjectNode message) {
        JsonNode id = message.get("id");
        if (id != null && !message.has("method") && toolListRequests.remove(id.toString())
                && message.at("/result/tools") instanceof ArrayNode tools) {
            for (int i = tools.size() - 1; i >= 0; i--) {
                if (denied.contains(tools.get(i).path("name").asText(""))) {
                    tools.remove(i);
                }
            }
        }
        session.onMessage(message);
    }

    @Override
    public void onExit(int exitCode) {
        session.onExit(exitCode);
    }

    @Override
    public CompletableFuture<Void> close(Duration grace, Executor executor) {
        return child.close(grace, executor);
    }
}
