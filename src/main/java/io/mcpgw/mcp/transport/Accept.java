package io.mcpgw.mcp.transport;

import java.util.Locale;

/**
 * Whether an {@code Accept} header names a media type explicitly (q=0 excluded). Wildcards do not count: a
 * client that sends {@code *}{@code /*} gets plain JSON, never an event stream it did not ask for.
 */
final class Accept {

    private Accept() {
    }

    static boolean explicitly(String accept, String mediaType) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] pieces = part.trim().split(";", -1); // ";" alone must not leave an empty array
            String range = pieces[0].trim();
            boolean zero = false;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim();
                if (p.startsWith("q=") && p.substring(2).trim().matches("0(\\.0*)?")) {
                    zero = true;
                }
            }
            if (!zero && range.equals(mediaType)) {
                return true;
            }
        }
        return false;
    }
}
