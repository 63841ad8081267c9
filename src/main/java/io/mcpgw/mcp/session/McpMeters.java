package io.mcpgw.mcp.session;

/**
 * What the MCP bridge reports to the metrics: sessions opened and ended, stdio children started and exited, per
 * service. Rule: each call is O(1) and never blocks (it runs on request and reader threads); {@link #NONE} records
 * nothing.
 */
public interface McpMeters {
    McpMeters NONE = new McpMeters() {
    };

    default void sessionOpened(String service) {
    }

    default void sessionEnded(String service) {
    }

    default void childStarted(String service) {
    }

    /** @param crashed the child exited on its own with a non-zero code (not ended by the gateway) */
    default void childExited(String service, boolean crashed) {
    }
}
