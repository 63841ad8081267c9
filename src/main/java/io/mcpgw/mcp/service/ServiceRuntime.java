package io.mcpgw.mcp.service;

import java.util.Optional;

/**
 * A running MCP service as the transport, the quota policy and the health endpoint see it, whatever serves its
 * sessions: a stdio command ({@link ServiceLauncher}) or code inside the gateway
 * ({@link io.mcpgw.mcp.builtin.NativeService}).
 */
public interface ServiceRuntime {
    String name();

    /** The version the health probe's {@code initialize} asks for, and expects back. */
    String protocolVersion();

    /** 0 = only the gateway-wide per-user cap applies. */
    int maxSessionsPerUser();

    /** Why the service cannot serve here; empty when it can. */
    Optional<String> unavailable();
}
