package io.mcpgw.mcp.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 message shapes as MCP uses them: a request has {@code method} and {@code id}, a notification has
 * {@code method} and no {@code id}, a response has {@code id} and exactly one of {@code result}/{@code error}.
 * Anything else is not a JSON-RPC message (-32600).
 *
 * @see <a href="https://www.jsonrpc.org/specification">JSON-RPC 2.0 §4, §5</a>
 */
public final class JsonRpc {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int INTERNAL_ERROR = -32603;
    /** Transport-level errors of the gateway (missing session, unsupported version, server gone). */
    public static final int SERVER_ERROR = -32000;
    /** A request the server did not answer within the gateway's per-request timeout. */
    public static final int REQUEST_TIMEOUT = -32001;
    /** Unknown or ended session (HTTP 404), as the reference SDK answers it. */
    public static final int SESSION_NOT_FOUND = -32001;
    /** A message a step of the service's route refused ({@code McpRefuse}); the session stays open. */
    public static final int REFUSED = -32003;

    /** What a message is. */
    public enum Kind { REQUEST, NOTIFICATION, RESPONSE, INVALID }

    private JsonRpc() {
    }

    public static Kind kind(JsonNode node) {
        if (!(node instanceof ObjectNode msg) || !"2.0".equals(text(msg.get("jsonrpc")))) {
            return Kind.INVALID;
        }
        JsonNode method = msg.get("method");
        JsonNode id = msg.get("id");
        boolean validId = id == null || id.isTextual() || id.isIntegralNumber();
        if (method != null) {
            if (!method.isTextual() || !validId) {
                return Kind.INVALID;
            }
            JsonNode params = msg.get("params");
            if (params != null && !params.isObject() && !params.isArray()) {
                return Kind.INVALID;
            }
            return id == null ? Kind.NOTIFICATION : Kind.REQUEST;
        }
        boolean hasResult = msg.has("result");
        boolean hasError = msg.get("error") instanceof ObjectNode;
        if (id != null && (id.isTextual() || id.isIntegralNumber() || id.isNull()) && hasResult != hasError) {
            return Kind.RESPONSE;
        }
        return Kind.INVALID;
    }

    public static String method(JsonNode msg) {
        return text(msg.get("method"));
    }

    /** {@code {"jsonrpc":"2.0","id":id,"error":{"code":code,"message":message}}}; a null id is written as null. */
    public static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("jsonrpc", "2.0");
        out.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        ObjectNode error = out.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return out;
    }

    public static ObjectNode notification(String method, ObjectNode params) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("jsonrpc", "2.0");
        out.put("method", method);
        out.set("params", params);
        return out;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
