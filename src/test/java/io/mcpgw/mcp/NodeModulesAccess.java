package io.mcpgw.mcp;

/** Lets tests outside this package write a service file for a fake stdio server. */
public final class NodeModulesAccess {
    private NodeModulesAccess() {
    }

    public static String serviceFile(String service, String script) {
        return NodeModules.serviceFile(service, script, "");
    }
}
