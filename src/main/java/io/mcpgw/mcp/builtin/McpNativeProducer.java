package io.mcpgw.mcp.builtin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.service.ServiceUnavailableException;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.MessageSink;
import io.mcpgw.mcp.stdio.McpExchange;
import io.mcpgw.mcp.session.SessionDelivery;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Sends one client message into the session, asynchronously, exactly as {@code McpStdioProducer} does; the
 * session's backend is a {@link NativeBackend} (attached on the session's first message, the {@code initialize})
 * instead of a child. Starting the route registers the service; stopping it ends all its sessions.
 */
final class McpNativeProducer extends DefaultAsyncProducer {
    private final McpNativeEndpoint endpoint;
    private Producer rpc;
    private NativeService service;

    McpNativeProducer(McpNativeEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        rpc = getEndpoint().getCamelContext().getEndpoint(NativeRpcRoutes.RPC).createProducer();
        ServiceHelper.startService(rpc);
        McpNativeComponent component = endpoint.getComponent();
        service = component.services().register(new NativeService(endpoint.getDefinition(), component.tools(),
                getEndpoint().getCamelContext(), rpc, component.executor()));
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.getComponent().services().unregister(endpoint.getService(), service);
        ServiceHelper.stopService(rpc);
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        McpSession session = exchange.getProperty(McpExchange.SESSION, McpSession.class);
        ObjectNode message = exchange.getMessage().getBody(ObjectNode.class);
        try {
            if (session.backend() == null) {
                if (service.unavailable().isPresent()) {
                    throw new ServiceUnavailableException(endpoint.getService(), service.unavailable().get());
                }
                session.attach(service.start(session.userId(), session));
            }
            return SessionDelivery.deliver(exchange, session, message, callback);
        } catch (Exception e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }
}
