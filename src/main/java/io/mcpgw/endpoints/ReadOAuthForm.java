package io.mcpgw.endpoints;

import io.mcpgw.http.RequestParameters;
import io.mcpgw.oauth.OAuthForm;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step "read form" of {@code /token}, {@code /revoke} and {@code /introspect}: the
 * {@code application/x-www-form-urlencoded} body and the {@code Authorization} header become an {@link OAuthForm}
 * in the exchange property {@value OAuthExchange#FORM}. Another content type is an {@code invalid_request}
 * (RFC 6749 §3.2).
 */
public final class ReadOAuthForm implements Processor {

    @Override
    public void process(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        exchange.setProperty(OAuthExchange.FORM, new OAuthForm(RequestParameters.form(exchange), authorization));
    }
}
