package io.mcpgw.mcp.jsonrpc;

import java.util.List;

/**
 * The MCP protocol revisions the gateway speaks, oldest first: the one list the HTTP transport checks
 * {@code MCP-Protocol-Version} against (a header outside it is a 400, MCP 2025-06-18/2025-11-25 transports §2.7;
 * without the header 2025-03-26 is assumed), the native services negotiate from, and service files name.
 */
public final class ProtocolVersions {
    public static final List<String> SUPPORTED = List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
    /** What a server offers a client that asks for a revision it does not speak. */
    public static final String LATEST = SUPPORTED.get(SUPPORTED.size() - 1);
    /**
     * The revisions of the list that define Streamable HTTP (2025-03-26 on): what a server the gateway implements
     * itself negotiates. 2024-11-05 (HTTP+SSE) is accepted in the header, but such a client is offered {@link #LATEST}.
     */
    public static final List<String> STREAMABLE_HTTP = SUPPORTED.stream().filter(v -> v.compareTo("2025-03-26") >= 0)
            .toList();

    private ProtocolVersions() {
    }

    public static boolean supported(String version) {
        return version != null && SUPPORTED.contains(version);
    }
}
