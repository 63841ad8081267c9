package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.http.RequestParameters;
import io.mcpgw.oauth.token.TokenService;
import org.apache.camel.Exchange;

/** {@code POST /token} (route {@code oauth-token}): form in, {@link TokenService}, JSON out with no-store. */
public final class TokenEndpoint {
    private final TokenService tokens;

    public TokenEndpoint(TokenService tokens) {
        this.tokens = tokens;
    }

    public void token(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        HttpReplies.json(exchange, 200, tokens.token(authorization, RequestParameters.form(exchange)).toJson());
    }
}
