package io.mcpgw.mcp.service;

import java.util.Optional;

/**
 * A running MCP service as the transport, the quota policy and the health endpoint see it, whatever serves its
 * sessions: a stdio command ({@link ServiceLauncher}) or code inside the gateway
 * ({@link io.mcpgw.mcp.builtin.NativeService}).
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
}
