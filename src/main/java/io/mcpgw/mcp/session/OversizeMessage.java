package io.mcpgw.mcp.session;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the id of a response the gateway did not keep because it was too large, from its first and last bytes only.
 *
 * <p>Rule: the id counts only where it is certainly the top-level member of a response: the first member after an
 * optional {@code "jsonrpc":"2.0"} at the very start, or the last member before the closing brace at the very end
 * (where JSON-RPC libraries write it), and only when it is a whole number (gateway ids are). An {@code "id"} that
 * could belong to nested content is never taken.
 */
final class OversizeMessage {
    private static final Pattern HEAD = Pattern.compile(
            "^\\s*\\{\\s*(?:\"jsonrpc\"\\s*:\\s*\"2\\.0\"\\s*,\\s*)?\"id\"\\s*:\\s*(\\d{1,18})\\s*,\\s*\"(?:result|error)\"");
    private static final Pattern TAIL = Pattern.compile("[,{]\\s*\"id\"\\s*:\\s*(\\d{1,18})\\s*\\}\\s*$");

    private OversizeMessage() {
    }

    /** The response id, or null when it cannot be told for sure. */
    static Long responseId(byte[] head, byte[] tail) {
        Matcher h = HEAD.matcher(new String(head, StandardCharsets.UTF_8));
        if (h.find()) {
            return Long.parseLong(h.group(1));
        }
        String end = new String(tail, StandardCharsets.UTF_8);
        Matcher t = TAIL.matcher(end);
        if (t.find() && (end.contains("\"result\"") || end.contains("\"jsonrpc\""))) {
            return Long.parseLong(t.group(1));
        }
        return null;
    }
}
