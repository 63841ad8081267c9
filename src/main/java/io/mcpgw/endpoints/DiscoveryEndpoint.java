package io.mcpgw.endpoints;

import io.mcpgw.http.CorsPolicy;
import io.mcpgw.http.HttpReplies;
import io.mcpgw.http.StartupReadiness;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.metadata.AuthorizationServerMetadata;
import org.apache.camel.Exchange;

/**
 * Serves the discovery documents (RFC 8414) for the {@code wellknown-*} routes: 503 with {@code Retry-After: 1} until
 * the gateway is ready ({@link StartupReadiness}), so the first 200 means every service is published.
 */
public final class DiscoveryEndpoint {
    private final AuthorizationServerMetadata metadata;
    private final CorsPolicy cors;
    private final StartupReadiness readiness;

    public DiscoveryEndpoint(AuthorizationServerMetadata metadata, CorsPolicy cors, StartupReadiness readiness) {
        this.metadata = metadata;
        this.cors = cors;
        this.readiness = readiness;
    }

    /** {@code GET /.well-known/oauth-authorization-server} and {@code /.well-known/openid-configuration}. */
    public void authorizationServerMetadata(Exchange exchange) {
        if (CorsPolicy.isPreflight(exchange)) {
            cors.preflight(exchange, "GET, OPTIONS");
            return;
        }
        if (!readiness.isReady()) {
            HttpReplies.error(exchange, OAuthError.temporarilyUnavailable("the gateway is starting"), 1);
        } else {
            HttpReplies.json(exchange, 200, metadata.document(), "public, max-age=300");
        }
        cors.apply(exchange);
    }
}
