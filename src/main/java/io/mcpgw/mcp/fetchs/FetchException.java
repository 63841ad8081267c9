package io.mcpgw.mcp.fetchs;

/** A fetch that did not produce a response: refused by the policy ({@link #refused()}) or failed on the way. */
public final class FetchException extends Exception {
    private final boolean refused;

    private FetchException(String message, boolean refused) {
        super(message, null, false, false);
        this.refused = refused;
    }

    /** The URL (or a redirect) is not allowed: scheme, host name or address. No connection was made to it. */
    public static FetchException refused(String message) {
        return new FetchException(message, true);
    }

    /** Network error, timeout, too many redirects, malformed URL. */
    public static FetchException failed(String message) {
        return new FetchException(message, false);
    }

    public boolean refused() {
        return refused;
    }
}
