package io.mcpgw.mcp.stdio;

import io.mcpgw.mcp.service.McpServices;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code mcp-stdio:<service>?definition=#bean}: long-lived stdio MCP servers, one child per MCP session. Unlike
 * camel-exec (which runs a command to completion) its producer keeps each child between exchanges.
 */
public final class McpStdioComponent extends DefaultComponent {
    public static final String SCHEME = "mcp-stdio";
    private final McpServices services;

    public McpStdioComponent(McpServices services) {
        this.services = services;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        McpStdioEndpoint endpoint = new McpStdioEndpoint(uri, this, remaining, services);
        setProperties(endpoint, parameters);
        if (endpoint.getDefinition() == null) {
            throw new IllegalArgumentException(uri + ": a service definition (definition=#bean) is required");
        }
        if (!endpoint.getDefinition().name().equals(remaining)) {
            throw new IllegalArgumentException(uri + ": the definition is for " + endpoint.getDefinition().name());
        }
        return endpoint;
    }
}
