package io.mcpgw.mcp.service;

import io.mcpgw.routes.BeanNames;
import io.mcpgw.mcp.session.McpExchange;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.SessionLimitException;
import io.mcpgw.mcp.session.SessionRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The policy step of every {@code mcp-<service>} route: a session that is about to start its backend (the
 * {@code initialize} exchange) must fit the service's own {@code maxSessionsPerUser}; the gateway-wide caps were
 * already checked when the session was opened.
 */
public final class SessionQuotaPolicy implements Processor {
    public static final String BEAN = BeanNames.MCP_SESSION_QUOTA;
    private final McpServices services;
    private final SessionRegistry sessions;

    public SessionQuotaPolicy(McpServices services, SessionRegistry sessions) {
        this.services = services;
        this.sessions = sessions;
    }

    @Override
    public void process(Exchange exchange) {
        McpSession session = exchange.getProperty(McpExchange.SESSION, McpSession.class);
        if (session == null || session.backend() != null) {
            return;
        }
        int max = services.find(session.service()).map(ServiceRuntime::maxSessionsPerUser).orElse(0);
        if (max > 0 && sessions.count(session.userId(), session.service()) > max) {
            throw new SessionLimitException("you have the maximum of " + max + " open sessions on " + session.service());
        }
    }
}
