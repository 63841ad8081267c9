package io.mcpgw.endpoints;

import io.mcpgw.http.CorsPolicy;
import io.mcpgw.http.HttpReplies;
import io.mcpgw.oauth.metadata.AuthorizationServerMetadata;
import org.apache.camel.Exchange;

/** Serves the discovery documents (RFC 8414) for the {@code wellknown-*} routes. */
public final class DiscoveryEndpoint {
    private final AuthorizationServerMetadata metadata;
    private final CorsPolicy cors;

    public DiscoveryEndpoint(AuthorizationServerMetadata metadata, CorsPolicy cors) {
        this.metadata = metadata;
        this.cors = cors;
    }

    /** {@code GET /.well-known/oauth-authorization-server} and {@code /.well-known/openid-configuration}. */
    public void authorizationServerMetadata(Exchange exchange) {
        if (CorsPolicy.isPreflight(exchange)) {
            cors.preflight(exchange, "GET, OPTIONS");
            return;
        }
        HttpReplies.json(exchange, 200, metadata.document(), "public, max-age=300");
        cors.apply(exchange);
    }
}
