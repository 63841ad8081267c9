package io.mcpgw.oauth.resource;

import java.util.Collection;

/**
 * The audience of an access token for one resource (RFC 8707), in the one form issuance, narrowing and
 * verification all use: the canonical spelling of the resource URL with a loopback host written {@code localhost}
 * ({@link ResourceCatalog#audienceOf}), or the text as given when it is no URL of ours. So a token granted for
 * {@code http://localhost:8080/x/mcp} is valid at {@code http://127.0.0.1:8080/x/mcp/}, and a client that repeats
 * its resource with such a spelling at the token endpoint still names what it was granted.
 *
 * @param value the audience form, as it appears in a token's {@code aud} claim
 */
public record Audience(String value) {

    /** The audience of {@code resource}. */
    public static Audience of(String resource) {
        return new Audience(ResourceCatalog.audienceOf(resource).orElse(resource));
    }

    /** True when a token with the {@code aud} values {@code audiences} may be used at this resource. */
    public boolean isIn(Collection<String> audiences) {
        return audiences.contains(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
