package io.mcpgw.mcp.session;

/** No room for another MCP session (per-user, per-service or global cap): the client gets 503 + Retry-After. */
public final class SessionLimitException extends RuntimeException {
    public SessionLimitException(String message) {
        super(message, null, false, false);
    }
}
