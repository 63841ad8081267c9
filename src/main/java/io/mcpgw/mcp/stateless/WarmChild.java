package io.mcpgw.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.session.McpSession;

/**
 * A session-based child kept initialized for the stateless requests of one user on one service: its session (the
 * backend, the request-id rewriting, timeouts, in-flight cap) and the result of the one {@code initialize} it got.
 */
public record WarmChild(McpSession session, ObjectNode initializeResult) {

    public boolean alive() {
        return !session.ended();
    }

    /** The child's {@code serverInfo} ({@code name}, {@code version}), or null. */
    public JsonNode serverInfo() {
        return initializeResult.get("serverInfo");
    }
}
