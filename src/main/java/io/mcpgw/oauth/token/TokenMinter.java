package io.mcpgw.oauth.token;

import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.store.StoreWrite;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues the tokens of one token response for a {@link Grant}: a signed access token and its record, plus a new
 * refresh token when the client registered the {@code refresh_token} grant (OAuth 2.1 §4.3.1: every refresh rotates,
 * so each response carries a fresh one).
 *
 * <p>Race with revocation: a grant can be revoked while its tokens are being written (a replayed code arriving
 * during the first redemption, a refresh token revoked while it is being used). {@link GrantStore#revokeGrant} writes
 * its tombstone before reading the grant's token set; the minter writes the records and set members before reading
 * the tombstone. One of the two sees the other, so the new tokens never outlive the revocation: either the revocation
 * deletes them, or the minter withdraws them itself. The response is still sent: the request won (exactly one
 * redemption of a code answers 200) and its tokens were revoked afterwards, as a replay demands (OAuth 2.1 §4.1.3).
 */
final class TokenMinter {
    static final String REFRESH_TOKEN = "refresh_token";
    private static final Logger LOG = LoggerFactory.getLogger(TokenMinter.class);

    private final AccessTokenIssuer issuer;
    private final GrantStore grants;
    private final Clock clock;

    TokenMinter(AccessTokenIssuer issuer, GrantStore grants, Clock clock) {
        this.issuer = issuer;
        this.grants = grants;
        this.clock = clock;
    }

    /** The token records are written in one batch with {@code alongWith} (the grant's own save). */
    TokenResponse mint(Grant grant, RegisteredClient client, String scope, List<String> audiences,
                       List<StoreWrite> alongWith) {
        IssuedAccessToken at = issuer.issue(grant.user(), client.clientId(), scope, audiences);
        Optional<RefreshTokenRecord> refresh = Optional.empty();
        if (client.allowsGrant(REFRESH_TOKEN)) {
            long now = clock.instant().getEpochSecond();
            refresh = Optional.of(new RefreshTokenRecord(grant.grantId(), client.clientId(), grant.user().subject(),
                    grant.user().username(), now, now + grants.refreshTokenLifetime().toSeconds()));
        }
        Optional<String> rt = grants.recordTokens(at.jti(), new AccessTokenRecord(grant.grantId(), client.clientId(),
                grant.user().subject(), at.expiresAt().getEpochSecond()), refresh, alongWith);
        if (grants.isRevoked(grant.grantId())) {
            grants.revokeAccessToken(at.jti());
            rt.ifPresent(token -> grants.deleteRefreshToken(token, grant.grantId()));
            LOG.info("event=tokens_withdrawn reason=grant_revoked_while_minting grant={}", grant.grantId());
        }
        return new TokenResponse(at.value(), issuer.lifetime().toSeconds(), rt, scope, at.jti(), audiences);
    }
}
