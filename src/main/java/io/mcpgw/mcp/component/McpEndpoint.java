package io.mcpgw.mcp.component;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One MCP service's backend. Producer only: the gateway sends client messages to the backend. */
public final class McpEndpoint extends DefaultEndpoint {
    private final String service;

    McpEndpoint(String uri, McpComponent component, String service) {
        super(uri, component);
        this.service = service;
    }

    public String getService() {
        return service;
    }

    @Override
    public McpComponent getComponent() {
        return (McpComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new McpProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("mcp: endpoints only send; mcp-http: receives");
    }

    @Override
    public boolean isRemote() {
        return false;
    }
}
