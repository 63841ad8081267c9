package io.mcpgw.mcp.stdio;

import io.mcpgw.mcp.session.McpMeters;

/**
 * Per-child limits.
 *
 * @param maxMessageBytes      a stdout line longer than this is dropped (logged), never buffered without bound
 * @param stderrLinesPerSecond stderr lines logged per second per child; the rest are counted
 * @param meters               told when a child starts and exits (live children and crashes per service)
 */
public record StdioLimits(int maxMessageBytes, int stderrLinesPerSecond, McpMeters meters) {

    /** Limits of children nobody counts. */
    public StdioLimits(int maxMessageBytes, int stderrLinesPerSecond) {
        this(maxMessageBytes, stderrLinesPerSecond, McpMeters.NONE);
    }
}
