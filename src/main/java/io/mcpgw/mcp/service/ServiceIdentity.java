package io.mcpgw.mcp.service;

import java.util.regex.Pattern;

/** What every service definition declares, whatever serves it (stdio command or code in the gateway). */
public interface ServiceIdentity {
    /** A service name: 1-40 of a-z, 0-9 and '-', not starting or ending with '-'. */
    Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    /** The service file's name without {@code .camel.yaml}. */
    String name();

    /** The version the health probe's {@code initialize} asks for, and expects back. */
    String protocolVersion();

    /** 0 = only the gateway-wide per-user cap applies. */
    int maxSessionsPerUser();
}
