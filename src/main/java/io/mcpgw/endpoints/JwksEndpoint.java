package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.oauth.token.SigningKeys;
import org.apache.camel.Exchange;

/** {@code GET /jwks} (route {@code wellknown-jwks}, RFC 7517 §5): public keys, cacheable for five minutes. */
public final class JwksEndpoint {
    private final SigningKeys keys;

    public JwksEndpoint(SigningKeys keys) {
        this.keys = keys;
    }

    public void jwks(Exchange exchange) {
        HttpReplies.json(exchange, 200, keys.publicJwks(), "public, max-age=300");
    }
}
