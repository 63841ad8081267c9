package io.mcpgw.mcp.service;

import io.mcpgw.mcp.session.McpBackend;
import java.io.IOException;
import java.util.Optional;

/**
 * A running MCP service as the {@code mcp:} endpoint, the quota policy and the health endpoint see it, whatever
 * serves its sessions: a backend (stdio child per session, or code inside the gateway) plugs in here.
 */
public interface ServiceRuntime {
    /** The definition the service runs from. */
    ServiceIdentity definition();

    default String name() {
        return definition().name();
    }

    default String protocolVersion() {
        return definition().protocolVersion();
    }

    default int maxSessionsPerUser() {
        return definition().maxSessionsPerUser();
    }

    /** Why the service cannot serve here; empty when it can. */
    Optional<String> unavailable();

    /**
     * Starts the backend of one session of {@code userId} (a child process, or a native session); {@code listener}
     * receives what it sends. May block briefly (a process spawn): callers run it off the event loop.
     */
    McpBackend start(String userId, McpBackend.Listener listener) throws IOException;
}
