package io.mcpgw.mcp.tmux;

/** A tmux command that failed, timed out or could not start; the message is what the user reads. */
public final class TmuxException extends Exception {
    public TmuxException(String message) {
        super(message, null, false, false);
    }
}
