package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.oauth.token.IntrospectionService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step "introspect and reply" of {@code /introspect} (RFC 7662): {@link IntrospectionService} for the
 * authenticated client, answered as JSON with {@code no-store}.
 */
public final class IntrospectToken implements Processor {
    private final IntrospectionService introspection;

    public IntrospectToken(IntrospectionService introspection) {
        this.introspection = introspection;
    }

    @Override
    public void process(Exchange exchange) {
        HttpReplies.json(exchange, 200,
                introspection.introspect(OAuthExchange.client(exchange), OAuthExchange.form(exchange)));
    }
}
