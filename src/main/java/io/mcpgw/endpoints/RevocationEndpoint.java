package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.http.RequestParameters;
import io.mcpgw.oauth.token.RevocationService;
import org.apache.camel.Exchange;

/** {@code POST /revoke} (route {@code oauth-revoke}, RFC 7009): 200 with an empty body whenever the request is valid. */
public final class RevocationEndpoint {
    private final RevocationService revocation;

    public RevocationEndpoint(RevocationService revocation) {
        this.revocation = revocation;
    }

    public void revoke(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        revocation.revoke(authorization, RequestParameters.form(exchange));
        HttpReplies.empty(exchange, 200);
    }
}
