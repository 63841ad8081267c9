package io.mcpgw.mcp.transport;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** The MCP HTTP entry of one service. Consumer only. */
public final class McpHttpEndpoint extends DefaultEndpoint {
    private final String service;

    McpHttpEndpoint(String uri, McpHttpComponent component, String service) {
        super(uri, component);
        this.service = service;
    }

    public String getService() {
        return service;
    }

    @Override
    public McpHttpComponent getComponent() {
        return (McpHttpComponent) super.getComponent();
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        McpHttpConsumer consumer = new McpHttpConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("mcp-http: endpoints only receive; mcp: sends");
    }

    @Override
    public boolean isRemote() {
        return false;
    }
}
