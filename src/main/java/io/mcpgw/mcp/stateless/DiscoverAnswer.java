package io.mcpgw.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answer to {@code server/discover}, built from the warm child's {@code initialize} result.
 *
 * <p>Rules: {@code supportedVersions} lists every revision the endpoint speaks ({@link
 * StatelessProtocol#supportedVersions()}); {@code capabilities} are the child's, without what a stateless client
 * cannot receive here ({@code listChanged}, {@code subscribe}: the gateway does not serve
 * {@code subscriptions/listen}) and without {@code logging} (there is no {@code logging/setLevel} any more); the
 * child's {@code instructions} pass; a session-based {@code tasks} capability is dropped (the stateless revision
 * moved tasks to an extension, which the gateway does not bridge); the child's {@code serverInfo} goes to {@code _meta}. Caching hints as for
 * every cacheable result ({@link StatelessResult}).
 */
public final class DiscoverAnswer {
    private DiscoverAnswer() {
    }

    public static ObjectNode result(JsonNode initializeResult) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("resultType", "complete");
        ArrayNode versions = result.putArray("supportedVersions");
        StatelessProtocol.supportedVersions().forEach(versions::add);
        result.set("capabilities", capabilities(initializeResult.path("capabilities")));
        JsonNode instructions = initializeResult.get("instructions");
        if (instructions != null && instructions.isTextual()) {
            result.set("instructions", instructions);
        }
        result.put("ttlMs", 0);
        result.put("cacheScope", "private");
        JsonNode serverInfo = initializeResult.get("serverInfo");
        if (serverInfo != null && serverInfo.hasNonNull("name") && serverInfo.hasNonNull("version")) {
            result.putObject("_meta").set(StatelessProtocol.META_SERVER_INFO, serverInfo);
        }
        return result;
    }

    static ObjectNode capabilities(JsonNode child) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (!(child instanceof ObjectNode caps)) {
            return out;
        }
        caps.fields().forEachRemaining(e -> {
            if (e.getKey().equals("logging") || e.getKey().equals("tasks")) {
                return;
            }
            JsonNode value = e.getValue().deepCopy();
            if (value instanceof ObjectNode o && (e.getKey().equals("tools") || e.getKey().equals("prompts")
                    || e.getKey().equals("resources"))) {
                o.remove("listChanged");
                o.remove("subscribe");
            }
            out.set(e.getKey(), value);
        });
        return out;
    }
}
