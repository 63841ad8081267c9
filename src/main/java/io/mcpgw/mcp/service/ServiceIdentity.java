package io.mcpgw.mcp.service;

/** What every service definition declares, whatever serves it (stdio command or code in the gateway). */
public interface ServiceIdentity {
    String name();

    /** The version the health probe's {@code initialize} asks for, and expects back. */
    String protocolVersion();

    /** 0 = only the gateway-wide per-user cap applies. */
    int maxSessionsPerUser();
}
