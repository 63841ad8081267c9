package io.mcpgw.mcp.service;

import java.util.List;

/** A service file or template call with problems; the message lists every one. */
public final class InvalidServiceException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidServiceException(String service, List<String> problems) {
        super("invalid MCP service" + (service == null ? "" : " '" + service + "'") + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
