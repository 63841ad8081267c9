package io.mcpgw.endpoints;

import io.mcpgw.oauth.token.ClientAuthenticator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step "authenticate client": the {@link io.mcpgw.oauth.OAuthForm} goes through {@link ClientAuthenticator}
 * (its Javadoc has the rules); the client it names becomes the exchange property {@value OAuthExchange#CLIENT}.
 * A failure is a 401 {@code invalid_client} or 400 {@code invalid_request} and ends the route.
 */
public final class AuthenticateClient implements Processor {
    private final ClientAuthenticator authenticator;

    public AuthenticateClient(ClientAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(OAuthExchange.CLIENT, authenticator.authenticate(OAuthExchange.form(exchange)));
    }
}
