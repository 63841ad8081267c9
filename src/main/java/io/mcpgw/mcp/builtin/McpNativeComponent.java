package io.mcpgw.mcp.builtin;

import io.mcpgw.mcp.service.McpServices;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code mcp-native:<service>?definition=#bean}: MCP services implemented in the gateway. The counterpart of
 * {@code mcp-stdio:} — same exchange contract ({@link io.mcpgw.mcp.stdio.McpExchange}), same sessions — whose
 * sessions are served by the {@code mcp-native-rpc} route instead of a child process.
 */
public final class McpNativeComponent extends DefaultComponent {
    public static final String SCHEME = "mcp-native";
    private final McpServices services;
    private final NativeTools tools;
    private final ExecutorService executor;

    public McpNativeComponent(McpServices services, NativeTools tools, ExecutorService executor) {
        this.services = services;
        this.tools = tools;
        this.executor = executor;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        McpNativeEndpoint endpoint = new McpNativeEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getDefinition() == null) {
            throw new IllegalArgumentException(uri + ": a service definition (definition=#bean) is required");
        }
        if (!endpoint.getDefinition().name().equals(remaining)) {
            throw new IllegalArgumentException(uri + ": the definition is for " + endpoint.getDefinition().name());
        }
        return endpoint;
    }

    McpServices services() {
        return services;
    }

    NativeTools tools() {
        return tools;
    }

    ExecutorService executor() {
        return executor;
    }
}
