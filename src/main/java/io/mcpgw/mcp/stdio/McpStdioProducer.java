package io.mcpgw.mcp.stdio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.service.McpServices;
import io.mcpgw.mcp.service.ServiceLauncher;
import io.mcpgw.mcp.service.ServiceUnavailableException;
import io.mcpgw.mcp.service.ToolDenyList;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.MessageSink;
import java.io.IOException;
import io.mcpgw.mcp.session.SessionDelivery;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one client message to the session's child, asynchronously: a request completes when the child answers
 * (or times out, or the child dies), without holding a thread in between. The first message of a session (the
 * client's {@code initialize}, passed through so the real server negotiates the version) starts the child.
 * Starting the route registers the service; stopping it (file removed, shutdown) ends all its sessions.
 */
final class McpStdioProducer extends DefaultAsyncProducer {
    private static final Logger LOG = LoggerFactory.getLogger(McpStdioProducer.class);
    private final McpStdioEndpoint endpoint;
    private final McpServices services;
    private ServiceLauncher launcher;

    McpStdioProducer(McpStdioEndpoint endpoint, McpServices services) {
        super(endpoint);
        this.endpoint = endpoint;
        this.services = services;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        launcher = services.register(endpoint.getDefinition());
    }

    @Override
    protected void doStop() throws Exception {
        services.unregister(endpoint.getService(), launcher);
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        McpSession session = exchange.getProperty(McpExchange.SESSION, McpSession.class);
        ObjectNode message = exchange.getMessage().getBody(ObjectNode.class);
        try {
            if (session.backend() == null) {
                start(session);
            }
            return SessionDelivery.deliver(exchange, session, message, callback);
        } catch (Exception e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    private void start(McpSession session) throws IOException {
        if (launcher.unavailable().isPresent()) {
            throw new ServiceUnavailableException(endpoint.getService(), launcher.unavailable().get());
        }
        try {
            ToolDenyList denied = new ToolDenyList(launcher.definition().deniedTools(), session);
            StdioProcess child = StdioProcess.start(launcher.specFor(session.userId()), endpoint.getService(),
                    services.limits(), denied.isEmpty() ? session : denied);
            session.attach(denied.isEmpty() ? child : denied.around(child));
        } catch (IOException e) {
            LOG.warn("event=child_start_failed service={} error={}", endpoint.getService(), e.getMessage());
            throw new ServiceUnavailableException(endpoint.getService(), "cannot start: " + e.getMessage());
        }
    }
}
