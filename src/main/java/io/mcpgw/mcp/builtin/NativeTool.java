package io.mcpgw.mcp.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.apache.camel.Processor;

/**
 * A tool implemented in the gateway. Each one is a Camel route {@code direct:mcp-tool-<id>} ({@link NativeRpcRoutes})
 * whose processor is the tool: the body in is the call's {@code arguments} object (never null), the body out the
 * MCP {@code CallToolResult}; the service's {@link NativeServiceDefinition} is the exchange property
 * {@link NativeRpcRoutes#DEFINITION}. Arguments that do not fit the input schema are an {@link RpcException}
 * ({@code -32602}); a call that runs and fails is a result with {@code isError: true}.
 */
public interface NativeTool extends Processor {

    /** The tool's name in {@code tools/list} and {@code tools/call}. */
    String name();

    /**
     * What service files list in {@code tools}, unique among the gateway's tools; the {@link #name()} unless two
     * tools share a name (the gateway's {@code fetch} and the reference server's {@code fetch}).
     */
    default String id() {
        return name();
    }

    /** The entry of {@code tools/list}: {@code name}, {@code description}, {@code inputSchema}. */
    ObjectNode descriptor();

    /** The entry of {@code tools/list} in the service {@code definition} (a description may name its settings). */
    default ObjectNode descriptor(NativeServiceDefinition definition) {
        return descriptor();
    }

    /** Why the tool cannot run in this JVM; empty when it can. */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    static String endpoint(String toolId) {
        return "direct:mcp-tool-" + toolId;
    }
}
