package io.mcpgw.mcp.time;

/** A time query the tools refuse; the message is what the user reads (no stack trace, no server detail). */
public final class TimeQueryException extends RuntimeException {
    public TimeQueryException(String message) {
        super(message, null, false, false);
    }
}
