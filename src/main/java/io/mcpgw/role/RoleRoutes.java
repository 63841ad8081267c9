package io.mcpgw.role;

import io.mcpgw.config.GatewayRole;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The route files ({@code classpath:routes/<name>.camel.yaml}) each {@link GatewayRole} loads, as the value of
 * Camel Main's {@code routes-include-pattern}. {@code all} loads every file of the folder; the other roles name
 * theirs, so a new route file is served by {@code all} at once and by the split roles only once it is listed here
 * ({@code RoleRoutesTest} fails until every file belongs to {@code auth} or {@code services}).
 */
public final class RoleRoutes {
    static final String FOLDER = "classpath:routes/";
    static final String SUFFIX = ".camel.yaml";

    /** Every role: {@code /health}, the AS metadata (also asked for on service hosts), protected resource metadata. */
    static final List<String> COMMON = List.of("health", "discovery", "resource");
    /** The authorization server: browser flow, registration, token endpoints and JWKS, ForwardAuth {@code /verify}. */
    static final List<String> AUTHORIZATION_SERVER = List.of("authorize", "registration", "tokens", "verify");
    /** The MCP bridge's route files (e.g. {@code mcp-health}); a pattern, so a new {@code mcp-*} file needs no change. */
    static final List<String> MCP = List.of("mcp-*");

    private RoleRoutes() {
    }

    /** The file names (without folder and suffix; {@code *} as in Camel's pattern) of {@code role}. */
    public static List<String> files(GatewayRole role) {
        List<String> files = new ArrayList<>(COMMON);
        switch (role) {
            case ALL -> {
                return List.of("*");
            }
            case AUTH -> files.addAll(AUTHORIZATION_SERVER);
            case SERVICES -> files.addAll(MCP);
        }
        return List.copyOf(files);
    }

    /** The value for {@code camel.main.routes-include-pattern}. */
    public static String includePattern(GatewayRole role) {
        return files(role).stream().map(f -> FOLDER + f + SUFFIX).collect(Collectors.joining(","));
    }
}
