package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.oauth.token.RevocationService;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Route step "revoke and reply" of {@code /revoke} (RFC 7009): {@link RevocationService} for the authenticated
 * client, then 200 with an empty body whenever the request is valid, whether or not a token was revoked (§2.2).
 */
public final class RevokeToken implements Processor {
    private final RevocationService revocation;

    public RevokeToken(RevocationService revocation) {
        this.revocation = revocation;
    }

    @Override
    public void process(Exchange exchange) {
        revocation.revoke(OAuthExchange.client(exchange), OAuthExchange.form(exchange));
        HttpReplies.empty(exchange, 200);
    }
}
