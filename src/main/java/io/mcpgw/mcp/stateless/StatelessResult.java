package io.mcpgw.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a session-based child's response into a stateless-revision response.
 *
 * <p>Rules: a result gets {@code resultType: "complete"} when it has none; the results of {@link
 * StatelessProtocol#CACHEABLE} methods get the caching hints {@code ttlMs: 0} and {@code cacheScope: "private"}
 * when the child gave none (a child's list may change at any time, and it is answered for one user, so it is never
 * declared shareable); {@code _meta} names the server ({@value StatelessProtocol#META_SERVER_INFO}) when the child
 * told its name. An error response is left as it is. {@link #httpStatus} is 404 for -32601, else 200.
 */
public final class StatelessResult {
    private StatelessResult() {
    }

    /** Completes {@code response} (changed in place) for a request of {@code method}; returns it. */
    public static ObjectNode complete(ObjectNode response, String method, JsonNode serverInfo) {
        if (!(response.get("result") instanceof ObjectNode result)) {
            return response;
        }
        if (!result.has("resultType")) {
            result.put("resultType", "complete");
        }
        if (StatelessProtocol.CACHEABLE.contains(method)) {
            if (!result.has("ttlMs")) {
                result.put("ttlMs", 0);
            }
            if (!result.has("cacheScope")) {
                result.put("cacheScope", "private");
            }
        }
        if (serverInfo != null && serverInfo.hasNonNull("name") && serverInfo.hasNonNull("version")) {
            JsonNode meta = result.get("_meta");
            ObjectNode m = meta instanceof ObjectNode o ? o : result.putObject("_meta");
            if (!m.has(StatelessProtocol.META_SERVER_INFO)) {
                m.set(StatelessProtocol.META_SERVER_INFO, serverInfo);
            }
        }
        return response;
    }

    public static int httpStatus(ObjectNode response) {
        return response.path("error").path("code").asInt(0) == StatelessProtocol.METHOD_NOT_FOUND ? 404 : 200;
    }
}
