package io.mcpgw.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request parameters of an OAuth endpoint (query or form). RFC 6749 §3.1: a parameter sent more than once is an
 * {@code invalid_request}; an empty value counts as absent.
 */
public final class Parameters {
    private final Map<String, List<String>> values;

    public Parameters(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.values = Collections.unmodifiableMap(copy);
    }

    public static Parameters empty() {
        return new Parameters(Map.of());
    }

    /** Parses {@code application/x-www-form-urlencoded} text (a query string or a form body). */
    public static Parameters parseUrlEncoded(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return new Parameters(out);
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return new Parameters(out);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("malformed percent-encoding in the request parameters").exception();
        }
    }

    /** The single value of {@code name}, empty when absent or blank; a repeated parameter is rejected. */
    public Optional<String> optional(String name) {
        List<String> v = values.get(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        if (v.size() > 1) {
            throw OAuthError.invalidRequest("parameter '" + name + "' is repeated").exception();
        }
        String value = v.get(0);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The single value of {@code name}; absent, blank or repeated is an {@code invalid_request}. */
    public String required(String name) {
        return optional(name).orElseThrow(
                () -> OAuthError.invalidRequest("missing required parameter '" + name + "'").exception());
    }

    /** Every value of {@code name} (RFC 8707 allows {@code resource} more than once). */
    public List<String> all(String name) {
        List<String> v = values.get(name);
        return v == null ? List.of() : v.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }
}
