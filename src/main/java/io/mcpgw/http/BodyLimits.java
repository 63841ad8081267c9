package io.mcpgw.http;

import java.time.Duration;
import java.util.Set;
import org.apache.camel.CamelContext;

/**
 * How much request body each endpoint may receive, and how long a client may take to send it.
 *
 * <p>Rules: the registration endpoints take at most {@code registrationBytes} (RFC 7591 metadata); the token,
 * revocation and introspection endpoints and the browser forms (consent, login, authorize) at most
 * {@code formBytes}; every other Camel route at most {@code camel.server.maxBodySize}; the MCP endpoints are bounded
 * by the MCP handler itself, after the token check. A body over its limit is a 413 and the connection is closed: at
 * once, without reading, when {@code Content-Length} says so; a chunked body (no declared length) is cut as soon as it
 * passes {@code camel.server.maxBodySize} (64 KiB), the largest limit of any Camel route.
 * A request whose body has not fully arrived {@code readTimeout} after its headers is answered 408 and its connection
 * closed (a client that stalls mid-body holds no buffer and no connection for long).
 *
 * @param registrationBytes limit of {@code /register} and {@code /register/{client_id}}
 * @param formBytes         limit of {@code /token}, {@code /revoke}, {@code /introspect}, {@code /consent},
 *                          {@code /login}, {@code /authorize}
 * @param readTimeout       time from the request's headers to the end of its body
 */
public record BodyLimits(long registrationBytes, long formBytes, Duration readTimeout) {

    public static final String REGISTRATION_BYTES = "gateway.http.registration-body-bytes";
    public static final String FORM_BYTES = "gateway.http.form-body-bytes";
    public static final String READ_TIMEOUT = "gateway.http.body-read-timeout";

    /** The OAuth paths with a form body, each limited to {@link #formBytes}. */
    private static final Set<String> FORM_PATHS =
            Set.of("/token", "/revoke", "/introspect", "/consent", "/login", "/authorize");

    public BodyLimits {
        if (registrationBytes <= 0 || formBytes <= 0 || readTimeout.isZero() || readTimeout.isNegative()) {
            throw new IllegalArgumentException("body limits and the read timeout must be positive");
        }
    }

    /** The limits from {@code gateway.http.*} properties (defaults 64 KiB, 8 KiB, 30 s). */
    public static BodyLimits from(CamelContext context) {
        return new BodyLimits(
                Long.parseLong(property(context, REGISTRATION_BYTES, "65536")),
                Long.parseLong(property(context, FORM_BYTES, "8192")),
                Duration.parse(property(context, READ_TIMEOUT, "PT30S")));
    }

    /**
     * The limit on the body of a request to {@code path} (as the router matches it: normalised, one trailing slash
     * ignored): {@link #registrationBytes} for {@code /register} and {@code /register/{client_id}},
     * {@link #formBytes} for the form endpoints, -1 for every other path (bounded by its route).
     */
    public long limitFor(String path) {
        if (path == null) {
            return -1;
        }
        int end = path.length() > 1 && path.charAt(path.length() - 1) == '/' ? path.length() - 1 : path.length();
        String p = end == path.length() ? path : path.substring(0, end);
        if (FORM_PATHS.contains(p)) {
            return formBytes;
        }
        if (p.equals("/register")) {
            return registrationBytes;
        }
        if (p.startsWith("/register/") && p.length() > "/register/".length()
                && p.indexOf('/', "/register/".length()) < 0) {
            return registrationBytes;
        }
        return -1;
    }

    private static String property(CamelContext context, String key, String fallback) {
        return context.getPropertiesComponent().resolveProperty(key).orElse(fallback).trim();
    }
}
