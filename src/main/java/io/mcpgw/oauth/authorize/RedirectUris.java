package io.mcpgw.oauth.authorize;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds redirects to a client: parameters are percent-encoded and appended to any query already present. */
public final class RedirectUris {
    private RedirectUris() {
    }

    /** {@code base} plus {@code params} (null values skipped), keeping an existing query (RFC 6749 §3.1.2). */
    public static String withParameters(String base, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(base);
        boolean hasQuery = base.indexOf('?') >= 0;
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (p.getValue() == null) {
                continue;
            }
            sb.append(hasQuery ? '&' : '?');
            hasQuery = true;
            sb.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
