package io.mcpgw.mcp.transport;

import io.mcpgw.routes.BeanNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.session.McpExchange;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Route step {@code mcpJsonRpc}: a POST must be {@code application/json} (415), valid JSON (400, -32700) and one
 * JSON-RPC 2.0 message or a non-empty batch of at most {@code gateway.mcp.max-batch-length} of them without
 * {@code initialize} (400, -32600). The message becomes
 * the body ({@code ObjectNode}; a batch stays an {@code ArrayNode} until {@code mcpSession} splits it) and its
 * method and tool the headers {@code McpMethod} and {@code McpToolName} (for {@code tools/call}), which route
 * steps can test ({@code ${header.McpToolName} == 'echo'}). Other methods pass.
 */
public final class JsonRpcStep implements Processor {
    public static final String BEAN = BeanNames.MCP_JSON_RPC;
    private final PostLimits limits;

    public JsonRpcStep(PostLimits limits) {
        this.limits = limits;
    }

    @Override
    public void process(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof ObjectNode element && McpHttpExchange.batchElement(exchange)) {
            describe(exchange, element);
            return;
        }
        RoutingContext ctx = McpHttpExchange.context(exchange);
        if (ctx == null || ctx.request().method() != HttpMethod.POST) {
            return;
        }
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            McpHttpExchange.answer(exchange, 415, JsonRpc.SERVER_ERROR,
                    "Unsupported Media Type: Content-Type must be application/json");
            return;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(exchange.getMessage().getBody(byte[].class));
        } catch (Exception e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            McpHttpExchange.answer(exchange, 400, JsonRpc.PARSE_ERROR, "Parse error: the body is not valid JSON");
            return;
        }
        if (node.isArray()) {
            batch(exchange, (ArrayNode) node);
            return;
        }
        if (JsonRpc.kind(node) == JsonRpc.Kind.INVALID) {
            McpHttpExchange.answer(exchange, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message");
            return;
        }
        describe(exchange, (ObjectNode) node);
    }

    private void batch(Exchange exchange, ArrayNode batch) {
        if (batch.isEmpty()) {
            McpHttpExchange.answer(exchange, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: empty batch");
            return;
        }
        if (batch.size() > limits.maxBatchLength()) {
            McpHttpExchange.answer(exchange, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: a batch may hold at most "
                    + limits.maxBatchLength() + " messages (this one has " + batch.size() + "); send several POSTs");
            return;
        }
        for (JsonNode item : batch) {
            JsonRpc.Kind kind = JsonRpc.kind(item);
            if (kind == JsonRpc.Kind.INVALID) {
                McpHttpExchange.answer(exchange, 400, JsonRpc.INVALID_REQUEST,
                        "Invalid Request: a batch element is not a JSON-RPC 2.0 message");
                return;
            }
            if (kind == JsonRpc.Kind.REQUEST && "initialize".equals(JsonRpc.method(item))) {
                McpHttpExchange.answer(exchange, 400, JsonRpc.INVALID_REQUEST,
                        "Invalid Request: initialize must not be part of a batch");
                return;
            }
        }
        exchange.getMessage().setBody(batch);
    }

    /** One message: the body, the property the reply writer answers from, and the headers for route steps. */
    static void describe(Exchange exchange, ObjectNode message) {
        Message m = exchange.getMessage();
        m.setBody(message);
        exchange.setProperty(McpHttpExchange.MESSAGE, message);
        String method = JsonRpc.method(message);
        if (method != null) {
            m.setHeader(McpExchange.METHOD_HEADER, method);
        }
        JsonNode tool = message.at("/params/name");
        if ("tools/call".equals(method) && tool.isTextual()) {
            m.setHeader(McpExchange.TOOL_HEADER, tool.textValue());
        }
    }
}
