package io.mcpgw.oauth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scope vocabulary of the gateway (RFC 6749 §3.3).
 *
 * <ul>
 *   <li>{@code mcp:tools} is the one scope that grants something (MCP services require it) and the only one the
 *       metadata advertises ({@link #ADVERTISED}).</li>
 *   <li>{@code openid}, {@code profile}, {@code email} and {@code offline_access} are <em>tolerated</em>: generic
 *       clients ask for them, so they are accepted and kept in the granted scope as before, but they grant nothing:
 *       the gateway issues no ID token and has no userinfo endpoint (it is not an OpenID Provider), and refresh
 *       tokens are issued with or without {@code offline_access}. RFC 8414 §2 lets a server leave supported values
 *       out of {@code scopes_supported}, so OIDC-aware clients are not invited to expect OIDC.</li>
 *   <li>Any other value (Claude.ai sends {@code claudeai}) is ignored at {@code /authorize}: RFC 6749 §3.3 lets the
 *       server grant less than asked, and the token response names what was granted.</li>
 * </ul>
 */
public final class Scopes {
    public static final String MCP_TOOLS = "mcp:tools";
    /** Every value accepted in a request and kept in a grant. */
    public static final List<String> SUPPORTED = List.of(MCP_TOOLS, "openid", "profile", "email", "offline_access");
    /** What the authorization server metadata lists in {@code scopes_supported}. */
    public static final List<String> ADVERTISED = List.of(MCP_TOOLS);
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
