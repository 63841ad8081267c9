package io.mcpgw.mcp.service;

import io.mcpgw.mcp.session.McpExchange;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The error policy of the {@code mcp-<service>} routes ({@code routeConfigurationId: mcp-errors}): the failure is
 * handed back to the HTTP transport as an exchange property, which maps it to the MCP answer (503 for a full cap or
 * an unavailable service, 404 for an ended session, JSON-RPC -32603 otherwise). The gateway's OAuth error writer
 * never applies to MCP messages.
 */
public final class McpRouteErrors extends RouteConfigurationBuilder {
    public static final String ID = "mcp-errors";

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class).handled(true)
                    .process(e -> e.setProperty(McpExchange.FAILURE, e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)))
                .end();
    }
}
