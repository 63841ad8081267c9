package io.mcpgw.routes;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.authorize.AuthorizationInterrupted;
import io.mcpgw.oauth.client.TooManyRegistrationsException;
import io.mcpgw.store.StoreUnavailableException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single error policy of every route: rule violations become RFC 6749 §5.2 bodies (a registration over the
 * rate limit a 429 with {@code Retry-After}), a browser step that ends
 * the authorization flow early its page or redirect ({@link AuthorizationInterrupted}), an unreachable state
 * store a 503 with {@code Retry-After}, anything unexpected a bare {@code server_error}. Nothing of the
 * exception (message, stack trace, request data) reaches the response; the log gets the type and the route.
 *
 * <p>The configuration has no id on purpose: Camel applies a route configuration with an id only to routes that
 * name it ({@code routeConfigurationId}), so with an id every YAML route that forgot it answered a rule
 * violation with a bare 500. Without an id it is the default of every route.
 */
public final class ErrorHandlingRoutes extends RouteConfigurationBuilder {
    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgw.errors");

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(OAuthException.class).handled(true)
                    .process(e -> HttpReplies.error(e, e.getProperty(Exchange.EXCEPTION_CAUGHT, OAuthException.class).error()))
                .end()
                .onException(TooManyRegistrationsException.class).handled(true)
                    .process(e -> {
                        TooManyRegistrationsException tooMany =
                                e.getProperty(Exchange.EXCEPTION_CAUGHT, TooManyRegistrationsException.class);
                        HttpReplies.error(e, tooMany.error(), tooMany.retryAfterSeconds());
                    })
                .end()
                .onException(AuthorizationInterrupted.class).handled(true)
                    .process(e -> HttpReplies.browser(e,
                            e.getProperty(Exchange.EXCEPTION_CAUGHT, AuthorizationInterrupted.class).response()))
                .end()
                .onException(StoreUnavailableException.class).handled(true)
                    .process(e -> {
                        LOG.warn("event=store_unavailable route={} detail=\"{}\"", e.getFromRouteId(),
                                e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage());
                        HttpReplies.error(e, OAuthError.temporarilyUnavailable("the state store is unavailable, retry shortly"));
                    })
                .end()
                .onException(Exception.class).handled(true)
                    .process(e -> {
                        Exception ex = e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                        StackTraceElement at = ex.getStackTrace().length > 0 ? ex.getStackTrace()[0] : null;
                        LOG.error("event=unexpected_error route={} exception={} at={}", e.getFromRouteId(),
                                ex.getClass().getName(), at);
                        HttpReplies.error(e, OAuthError.serverError("internal error"));
                    })
                .end();
    }
}
