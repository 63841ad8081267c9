package io.mcpgw.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What one gateway process serves ({@code GATEWAY_ROLE}). One image, several roles: behind Traefik the
 * authorization server and each MCP service run in their own containers and share the state store.
 *
 * <ul>
 *   <li>{@link #ALL}: everything in one process (the embedded default).</li>
 *   <li>{@link #AUTH}: the authorization server (OAuth endpoints, discovery, {@code /verify}), no MCP routes.</li>
 *   <li>{@link #SERVICES}: only MCP service routes (plus discovery documents and {@code /health}); every MCP request
 *       is still checked here with the signing keys and revocations found in the shared store, never trusted
 *       because a proxy asked {@code /verify} first. No OAuth endpoints.</li>
 * </ul>
 */
public enum GatewayRole {
    ALL, AUTH, SERVICES;

    /** The value as written in {@code GATEWAY_ROLE}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this role serves the authorization server's endpoints (and the login pages). */
    public boolean servesOAuth() {
        return this != SERVICES;
    }

    /** True when this role runs MCP services (their routes and stdio children). */
    public boolean servesMcp() {
        return this != AUTH;
    }

    /** Parses a trimmed value, case-insensitively. */
    static GatewayRole parse(String value) {
        for (GatewayRole role : values()) {
            if (role.value().equalsIgnoreCase(value)) {
                return role;
            }
        }
        throw new BadValue("must be one of " + Arrays.stream(values()).map(GatewayRole::value)
                .collect(Collectors.joining(", ")) + " (all = everything in one process)");
    }
}
