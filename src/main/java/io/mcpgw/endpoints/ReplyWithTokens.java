package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step "reply" of {@code /token}: the {@link io.mcpgw.oauth.token.TokenResponse} as a 200 JSON body with
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache} (RFC 6749 §5.1).
 */
public final class ReplyWithTokens implements Processor {

    @Override
    public void process(Exchange exchange) {
        HttpReplies.json(exchange, 200, OAuthExchange.tokenResponse(exchange).toJson());
    }
}
