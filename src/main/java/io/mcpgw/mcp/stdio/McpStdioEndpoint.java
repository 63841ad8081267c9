package io.mcpgw.mcp.stdio;

import io.mcpgw.mcp.service.McpServices;
import io.mcpgw.mcp.service.ServiceDefinition;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One stdio MCP service. Producer only: the gateway sends client messages to the child, never the reverse. */
public final class McpStdioEndpoint extends DefaultEndpoint {
    private final String service;
    private final McpServices services;
    private ServiceDefinition definition;

    McpStdioEndpoint(String uri, McpStdioComponent component, String service, McpServices services) {
        super(uri, component);
        this.service = service;
        this.services = services;
    }

    public String getService() {
        return service;
    }

    public ServiceDefinition getDefinition() {
        return definition;
    }

    public void setDefinition(ServiceDefinition definition) {
        this.definition = definition;
    }

    @Override
    public Producer createProducer() {
        return new McpStdioProducer(this, services);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("mcp-stdio endpoints only send");
    }

    @Override
    public boolean isRemote() {
        return false;
    }
}
