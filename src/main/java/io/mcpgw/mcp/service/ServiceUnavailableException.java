package io.mcpgw.mcp.service;

/** The service's command is missing or could not start: 503 to the client, "unavailable" in health. */
public final class ServiceUnavailableException extends RuntimeException {
    public ServiceUnavailableException(String service, String reason) {
        super("MCP service " + service + " is unavailable: " + reason, null, false, false);
    }
}
