package io.mcpgw.endpoints;

import io.mcpgw.metrics.GatewayMetrics;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.OAuthForm;
import io.mcpgw.oauth.token.TokenService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step "grant" of {@code /token}: the authenticated client's {@code grant_type} is checked and carried out
 * by {@link TokenService#grant} (the rules are there and in the grant classes); the
 * {@link io.mcpgw.oauth.token.TokenResponse} becomes the exchange property {@value OAuthExchange#TOKEN_RESPONSE}.
 * Every grant is counted by grant type and result ({@code mcpgw_token_grants_total}).
 */
public final class GrantTokens implements Processor {
    private final TokenService tokens;
    private final GatewayMetrics metrics;

    public GrantTokens(TokenService tokens, GatewayMetrics metrics) {
        this.tokens = tokens;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        OAuthForm form = OAuthExchange.form(exchange);
        String grantType = form.optional("grant_type").orElse(null);
        try {
            exchange.setProperty(OAuthExchange.TOKEN_RESPONSE, tokens.grant(OAuthExchange.client(exchange), form));
            metrics.grant(grantType, "issued");
        } catch (OAuthException e) {
            metrics.grant(grantType, e.error().code());
            throw e;
        } catch (RuntimeException e) {
            metrics.grant(grantType, "server_error");
            throw e;
        }
    }
}
