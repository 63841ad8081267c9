package io.mcpgw.oauth;

import java.util.Optional;

/**
 * The form a client POSTs to {@code /token}, {@code /revoke} or {@code /introspect}, with the {@code Authorization}
 * header that may carry its credentials: what the first step of those routes reads and every later step gets.
 * Rule: parameters follow {@link Parameters} (a repeated parameter is an {@code invalid_request}, an empty one counts
 * as absent).
 *
 * @param parameters    the form parameters
 * @param authorization the {@code Authorization} header, null when absent
 */
public record OAuthForm(Parameters parameters, String authorization) {

    /** The single value of {@code name}, or {@code ""} when absent (for route expressions); repeated is rejected. */
    public String value(String name) {
        return parameters.optional(name).orElse("");
    }

    /** {@code grant_type}, or {@code ""} when absent. */
    public String grantType() {
        return value("grant_type");
    }

    public Optional<String> optional(String name) {
        return parameters.optional(name);
    }

    @Override
    public String toString() {
        return "OAuthForm[grant_type=" + parameters.all("grant_type") + "]";
    }
}
