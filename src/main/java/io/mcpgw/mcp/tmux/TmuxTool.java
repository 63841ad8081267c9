package io.mcpgw.mcp.tmux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.builtin.NativeRpcRoutes;
import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import io.mcpgw.mcp.builtin.NativeTool;
import io.mcpgw.mcp.builtin.RpcException;
import io.mcpgw.mcp.builtin.ToolResults;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tool of the native {@code tmux} service ({@link TmuxTools} builds the nine). Arguments that do not fit the
 * schema (a missing or non-string argument) are JSON-RPC -32602; a tmux failure (an unknown session, window or
 * pane, a timeout) is a result with {@code isError: true} reading {@code <what failed>: <tmux's reason>}, as the
 * reference server {@code tmux-mcp} answers.
 */
final class TmuxTool implements NativeTool {
    private static final Logger LOG = LoggerFactory.getLogger(TmuxTool.class);

    /** What the tool does for one call: the result, or a failure. */
    @FunctionalInterface
    interface Action {
        ObjectNode run(Call call) throws TmuxException, InterruptedException;
    }

    /** One call: the user, the arguments, the service's limits. */
    record Call(String user, ObjectNode args, NativeServiceDefinition definition) {
        /** A required string argument, non-empty. */
        String text(String key) {
            JsonNode v = args.get(key);
            if (v == null || !v.isTextual()) {
                throw RpcException.invalidParams(key + " is required and must be a string");
            }
            if (v.textValue().isEmpty()) {
                throw RpcException.invalidParams(key + " must not be empty");
            }
            return v.textValue();
        }

        Optional<JsonNode> optional(String key) {
            JsonNode v = args.get(key);
            return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
        }
    }

    private final String name;
    private final String failure;
    private final ObjectNode descriptor;
    private final Action action;
    private final TmuxRunner runner;

    TmuxTool(String name, String description, ObjectNode properties, String failure, TmuxRunner runner, Action action,
             String... required) {
        this.name = name;
        this.failure = failure;
        this.action = action;
        this.runner = runner;
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("name", name);
        d.put("description", description);
        ObjectNode schema = d.putObject("inputSchema");
        schema.put("type", "object");
        schema.set("properties", properties);
        if (required.length > 0) {
            var list = schema.putArray("required");
            for (String r : required) {
                list.add(r);
            }
        }
        schema.put("additionalProperties", false);
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        this.descriptor = d;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ObjectNode descriptor() {
        return descriptor.deepCopy();
    }

    @Override
    public Optional<String> unavailable() {
        return runner.unavailable();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ObjectNode args = exchange.getMessage().getBody(ObjectNode.class);
        String user = exchange.getProperty(NativeRpcRoutes.USER, String.class);
        NativeServiceDefinition d = exchange.getProperty(NativeRpcRoutes.DEFINITION, NativeServiceDefinition.class);
        exchange.getMessage().setBody(call(new Call(user, args, d)));
    }

    /** The result of one call (the tool without Camel). */
    ObjectNode call(Call call) throws InterruptedException {
        try {
            return action.run(call);
        } catch (TmuxException e) {
            LOG.debug("event=tmux_failed tool={} reason=\"{}\"", name, e.getMessage());
            return ToolResults.error(failure + ": " + e.getMessage());
        }
    }
}
