package io.mcpgw.mcp.stdio;

/**
 * Per-child limits.
 *
 * @param maxMessageBytes      a stdout line longer than this is dropped (logged), never buffered without bound
 * @param stderrLinesPerSecond stderr lines logged per second per child; the rest are counted
 */
public record StdioLimits(int maxMessageBytes, int stderrLinesPerSecond) {
}
