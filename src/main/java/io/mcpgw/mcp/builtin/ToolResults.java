package io.mcpgw.mcp.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code CallToolResult}s of native tools: one text block, {@code isError} false or true; and JSON written the
 * way the reference servers write it into that text ({@code JSON.stringify(value, null, 2)} in Node,
 * {@code json.dumps(value, indent=2)} in Python: two-space indent, {@code "key": value}, {@code []} and
 * {@code {}} when empty).
 */
public final class ToolResults {
    private ToolResults() {
    }

    public static ObjectNode text(String text) {
        return result(text, false);
    }

    public static ObjectNode error(String text) {
        return result(text, true);
    }

    private static ObjectNode result(String text, boolean isError) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", isError);
        return result;
    }

    /** {@code value} indented by two spaces per level, as the reference servers print it. */
    public static String indented(JsonNode value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.toString();
    }

    private static void write(JsonNode node, int depth, StringBuilder out) {
        if (node.isObject() && !node.isEmpty()) {
            out.append("{\n");
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> field = it.next();
                indent(depth + 1, out);
                out.append(JsonNodeFactory.instance.textNode(field.getKey())).append(": ");
                write(field.getValue(), depth + 1, out);
                out.append(it.hasNext() ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append('}');
        } else if (node.isArray() && !node.isEmpty()) {
            out.append("[\n");
            for (int i = 0; i < node.size(); i++) {
                indent(depth + 1, out);
                write(node.get(i), depth + 1, out);
                out.append(i + 1 < node.size() ? ",\n" : "\n");
            }
            indent(depth, out);
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static void indent(int depth, StringBuilder out) {
        out.append("  ".repeat(depth));
    }
}
