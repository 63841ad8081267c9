package io.mcpgw.mcp.session;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * MCP session ids: 32 bytes from {@link SecureRandom}, base64url without padding (43 visible ASCII characters,
 * MCP 2025-11-25 transports §2.5 item 1). Never derived from anything a client sent.
 */
public final class SessionIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionIds() {
    }

    public static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** True for a string that could be one of ours: cheap rejection before any lookup. */
    public static boolean wellFormed(String id) {
        if (id == null || id.length() != 43) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }
}
