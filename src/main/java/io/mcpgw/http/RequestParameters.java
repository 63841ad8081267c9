package io.mcpgw.http;

import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.Parameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/** Turns a platform-http exchange into {@link Parameters}: the raw query string, or a form body. */
public final class RequestParameters {

    private RequestParameters() {
    }

    /** The query string of the request, parsed from the raw text (never from headers a client could add). */
    public static Parameters query(Exchange exchange) {
        return Parameters.parseUrlEncoded(exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class));
    }

    /**
     * The {@code application/x-www-form-urlencoded} body of a POST. Another content type is an
     * {@code invalid_request} (RFC 6749 §3.2 requires the form encoding).
     */
    public static Parameters form(Exchange exchange) {
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw OAuthError.invalidRequest("the request body must be application/x-www-form-urlencoded").exception();
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof Map<?, ?> map) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                List<String> list = new ArrayList<>();
                if (v instanceof List<?> l) {
                    l.forEach(x -> list.add(x == null ? "" : x.toString()));
                } else {
                    list.add(v == null ? "" : v.toString());
                }
                values.put(String.valueOf(k), list);
            });
            return new Parameters(values);
        }
        return Parameters.parseUrlEncoded(exchange.getMessage().getBody(String.class));
    }
}
