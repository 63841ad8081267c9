package io.mcpgw.oauth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scope vocabulary of the gateway (RFC 6749 §3.3).
 *
 * <p>{@code mcp:tools} is what MCP services require by default; {@code openid}, {@code profile}, {@code email} and
 * {@code offline_access} are accepted because generic clients ask for them, and grant nothing more.
 */
public final class Scopes {
    public static final String MCP_TOOLS = "mcp:tools";
    public static final List<String> SUPPORTED = List.of(MCP_TOOLS, "openid", "profile", "email", "offline_access");
    public static final String DEFAULT = MCP_TOOLS;

    /** scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) */
    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private Scopes() {
    }

    /** Parses a space-delimited scope string; empty input gives an empty set; a malformed token throws. */
    public static Set<String> parse(String scope) {
        Set<String> out = new LinkedHashSet<>();
        if (scope == null || scope.isBlank()) {
            return out;
        }
        for (String token : scope.trim().split(" +")) {
            if (!TOKEN.matcher(token).matches()) {
                throw OAuthError.invalidScope("scope contains characters RFC 6749 §3.3 does not allow").exception();
            }
            out.add(token);
        }
        return out;
    }

    public static String format(Set<String> scopes) {
        return String.join(" ", scopes);
    }

    public static boolean isSupported(String scope) {
        return SUPPORTED.contains(scope);
    }
}
