package io.mcpgw.endpoints;

import io.mcpgw.oauth.token.TokenService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step "grant" of {@code /token}: the authenticated client's {@code grant_type} is checked and carried out
 * by {@link TokenService#grant} (the rules are there and in the grant classes); the
 * {@link io.mcpgw.oauth.token.TokenResponse} becomes the exchange property {@value OAuthExchange#TOKEN_RESPONSE}.
 */
public final class GrantTokens implements Processor {
    private final TokenService tokens;

    public GrantTokens(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(OAuthExchange.TOKEN_RESPONSE,
                tokens.grant(OAuthExchange.client(exchange), OAuthExchange.form(exchange)));
    }
}
