package io.mcpgw.mcp.component;

import io.mcpgw.mcp.service.McpServices;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code mcp:<service>}: the backend of an MCP service, the last step of its route. Whatever serves the sessions
 * plugs in behind it (a stdio child per session, or tools built into the gateway, chosen by the service file's
 * {@code backend}); the endpoint takes the definition its service file declared ({@link McpServices#declare}).
 * Unlike camel-exec (which runs a command to completion) it keeps each session's backend between exchanges.
 */
public final class McpComponent extends DefaultComponent {
    public static final String SCHEME = "mcp";
    private final McpServices services;
    private final Executor starter;

    /** @param starter where session backends are started (a process spawn blocks briefly; never an event loop) */
    public McpComponent(McpServices services, Executor starter) {
        this.services = services;
        this.starter = starter;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        McpEndpoint endpoint = new McpEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    McpServices services() {
        return services;
    }

    Executor starter() {
        return starter;
    }
}
