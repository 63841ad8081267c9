package io.mcpgw.http;

import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The one place that decides which message headers cross the HTTP boundary of every platform-http route.
 *
 * <p>platform-http copies request headers, query parameters and form fields into message headers, and copies
 * message headers back into the response. Left alone, {@code code_verifier}, {@code client_secret} or a forged
 * {@code Location} would come back as response headers. This strategy closes both directions:
 * <ul>
 *   <li><b>Out</b>: only the response headers the gateway itself writes ({@link #RESPONSE_HEADERS}) are sent;
 *       anything else on the message, including every request header and parameter, is dropped.</li>
 *   <li><b>In</b>: a request header or parameter that bears the name of a response header is not taken in at
 *       all, so a client can never plant a value the reply would then carry. The two exceptions are the
 *       inputs the gateway reads ({@code Content-Type}, {@code Mcp-Session-Id}); the reply writer always sets or
 *       removes those itself. Identity headers ({@code X-User-*}, {@code X-Client-Id}, {@code X-Auth-Token}) and
 *       Camel's internal headers are never accepted from a client.</li>
 * </ul>
 * Unlike Camel's default HTTP strategy it lets {@code Cache-Control} and {@code Pragma} through on the way out,
 * which token responses need ({@code no-store}).
 */
public final class GatewayHeaderFilterStrategy implements HeaderFilterStrategy {

    /** Lower-case names of every header the gateway may write on a response. */
    public static final Set<String> RESPONSE_HEADERS = Set.of(
            "content-type", "cache-control", "pragma", "expires", "location", "www-authenticate", "retry-after",
            "allow", "vary", "set-cookie", "x-frame-options", "content-security-policy", "x-content-type-options",
            "referrer-policy", "x-accel-buffering", "mcp-session-id",
            "access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
            "access-control-expose-headers", "access-control-max-age", "access-control-allow-credentials",
            "x-user-id", "x-user-name", "x-user-email", "x-client-id");

    /** Request inputs whose names are also response headers; replies always overwrite or remove them. */
    private static final Set<String> ACCEPTED_INPUTS = Set.of("content-type", "mcp-session-id");

    /** Never accepted from a client, whatever the route. */
    private static final Set<String> FORBIDDEN_INPUTS = Set.of("x-auth-token", "x-forwarded-user");

    /** The same sets, looked up in any letter case without a lower-cased copy per header and request. */
    private static final HeaderNameSet RESPONSE_ANY_CASE = HeaderNameSet.of(RESPONSE_HEADERS);
    private static final HeaderNameSet ACCEPTED_ANY_CASE = HeaderNameSet.of(ACCEPTED_INPUTS);
    private static final HeaderNameSet FORBIDDEN_ANY_CASE = HeaderNameSet.of(FORBIDDEN_INPUTS);

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !RESPONSE_ANY_CASE.contains(headerName);
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        if (headerName.regionMatches(true, 0, "camel", 0, 5)
                || headerName.regionMatches(true, 0, "org.apache.camel", 0, 16)
                || FORBIDDEN_ANY_CASE.contains(headerName)) {
            return true;
        }
        return RESPONSE_ANY_CASE.contains(headerName) && !ACCEPTED_ANY_CASE.contains(headerName);
    }
}
