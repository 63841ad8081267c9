package io.mcpgw.mcp.transport;

import java.util.Set;

/**
 * The MCP protocol revisions the bridge speaks. An {@code MCP-Protocol-Version} header outside this set is a 400
 * (MCP 2025-06-18/2025-11-25 transports §2.7); without the header 2025-03-26 is assumed.
 */
public final class ProtocolVersions {
    public static final Set<String> SUPPORTED = Set.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");

    private ProtocolVersions() {
    }
}
