package io.mcpgw.oauth.token;

import io.mcpgw.oauth.resource.Audience;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.OAuthError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The {@code resource} parameter at the token endpoint (RFC 8707 §2, §2.2). Each value must be an absolute URI
 * without a fragment; the requested set may narrow the granted resources, never widen them. A malformed or
 * ungranted resource is {@code invalid_target}. No {@code resource} means every granted resource.
 */
final class ResourceIndicators {

    private ResourceIndicators() {
    }

    /** Checks the syntax of every requested resource (before anything is consumed). */
    static void requireWellFormed(List<String> requested) {
        for (String r : requested) {
            try {
                URI uri = new URI(r);
                if (!uri.isAbsolute() || uri.getRawFragment() != null || r.contains("#")) {
                    throw malformed();
                }
            } catch (URISyntaxException e) {
                throw malformed();
            }
        }
    }

    /** The audience of the token: {@code requested} if it is a subset of {@code granted}, else all granted. */
    static List<String> narrow(List<String> requested, List<String> granted) {
        if (requested.isEmpty()) {
            return List.copyOf(granted);
        }
        LinkedHashSet<String> audience = new LinkedHashSet<>();
        for (String r : requested) {
            // Compared in the audience form the grant was stored in (canonical, loopback as localhost), so a client
            // repeating its resource with a trailing slash or 127.0.0.1 still names what it was granted.
            Audience form = Audience.of(r);
            if (!form.isIn(granted)) {
                throw OAuthError.invalidTarget("resource '" + abbreviate(r) + "' was not granted").exception();
            }
            audience.add(form.value());
        }
        return List.copyOf(audience);
    }

    private static RuntimeException malformed() {
        return OAuthError.invalidTarget("resource must be an absolute URI without a fragment").exception();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
