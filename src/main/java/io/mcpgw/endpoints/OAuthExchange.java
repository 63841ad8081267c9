package io.mcpgw.endpoints;

import io.mcpgw.oauth.OAuthForm;
import io.mcpgw.oauth.token.AuthenticatedClient;
import io.mcpgw.oauth.token.TokenResponse;
import org.apache.camel.Exchange;

/**
 * The exchange properties the steps of the OAuth routes pass on, each holding one typed object. A route step
 * (YAML {@code simple}) reads them as {@code ${exchangeProperty.oauthForm.grantType}} or
 * {@code ${exchangeProperty.authenticatedClient.clientId}}. Rule: a step that needs an object an earlier step
 * should have set fails with {@link IllegalStateException} (a route edited into the wrong order answers a
 * {@code server_error}, never a half-checked success).
 */
public final class OAuthExchange {
    /** {@link OAuthForm}, set by {@link ReadOAuthForm}. */
    public static final String FORM = "oauthForm";
    /** {@link AuthenticatedClient}, set by {@link AuthenticateClient}. */
    public static final String CLIENT = "authenticatedClient";
    /** {@link TokenResponse}, set by {@link GrantTokens}. */
    public static final String TOKEN_RESPONSE = "tokenResponse";

    private OAuthExchange() {
    }

    public static OAuthForm form(Exchange exchange) {
        return required(exchange, FORM, OAuthForm.class, "readOAuthForm");
    }

    public static AuthenticatedClient client(Exchange exchange) {
        return required(exchange, CLIENT, AuthenticatedClient.class, "authenticateClient");
    }

    public static TokenResponse tokenResponse(Exchange exchange) {
        return required(exchange, TOKEN_RESPONSE, TokenResponse.class, "grantTokens");
    }

    private static <T> T required(Exchange exchange, String property, Class<T> type, String step) {
        T value = exchange.getProperty(property, type);
        if (value == null) {
            throw new IllegalStateException("exchange property " + property + " is not set: the route needs the "
                    + step + " step before this one");
        }
        return value;
    }
}
