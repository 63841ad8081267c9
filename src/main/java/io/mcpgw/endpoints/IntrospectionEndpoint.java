package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.http.RequestParameters;
import io.mcpgw.oauth.token.IntrospectionService;
import org.apache.camel.Exchange;

/** {@code POST /introspect} (route {@code oauth-introspect}, RFC 7662): JSON with no-store. */
public final class IntrospectionEndpoint {
    private final IntrospectionService introspection;

    public IntrospectionEndpoint(IntrospectionService introspection) {
        this.introspection = introspection;
    }

    public void introspect(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        HttpReplies.json(exchange, 200, introspection.introspect(authorization, RequestParameters.form(exchange)));
    }
}
