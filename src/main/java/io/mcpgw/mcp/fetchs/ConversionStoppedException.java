package io.mcpgw.mcp.fetchs;

/** An HTML conversion stopped before its end: cancelled (thread interrupted) or out of time. */
public final class ConversionStoppedException extends RuntimeException {
    private final boolean cancelled;

    ConversionStoppedException(boolean cancelled) {
        super(cancelled ? "the conversion was cancelled" : "the page took too long to convert to text", null,
                false, false);
        this.cancelled = cancelled;
    }

    public boolean cancelled() {
        return cancelled;
    }
}
