package io.mcpgw.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;

/**
 * A stateless request refused before it reaches a child: the HTTP status and the JSON-RPC error, which carries the
 * request's id and, for some codes, {@code data}.
 */
public record StatelessRejection(int status, int code, String message, JsonNode data) {

    public static StatelessRejection badRequest(int code, String message) {
        return new StatelessRejection(400, code, message, null);
    }

    public static StatelessRejection methodNotFound(String method) {
        return new StatelessRejection(404, StatelessProtocol.METHOD_NOT_FOUND, "Method not found: " + method, null);
    }

    /** The JSON-RPC error response for the request with {@code id}. */
    public ObjectNode response(JsonNode id) {
        ObjectNode out = JsonRpc.error(id, code, message);
        if (data != null) {
            ((ObjectNode) out.get("error")).set("data", data);
        }
        return out;
    }
}
