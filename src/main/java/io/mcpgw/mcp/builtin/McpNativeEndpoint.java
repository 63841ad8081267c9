package io.mcpgw.mcp.builtin;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One native MCP service. Producer only, like {@code mcp-stdio}. */
public final class McpNativeEndpoint extends DefaultEndpoint {
    private final String service;
    private NativeServiceDefinition definition;

    McpNativeEndpoint(String uri, McpNativeComponent component, String service) {
        super(uri, component);
        this.service = service;
    }

    public String getService() {
        return service;
    }

    public NativeServiceDefinition getDefinition() {
        return definition;
    }

    public void setDefinition(NativeServiceDefinition definition) {
        this.definition = definition;
    }

    @Override
    public McpNativeComponent getComponent() {
        return (McpNativeComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new McpNativeProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("mcp-native endpoints only send");
    }

    @Override
    public boolean isRemote() {
        return false;
    }
}
