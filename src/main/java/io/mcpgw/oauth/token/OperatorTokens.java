package io.mcpgw.oauth.token;

import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.UserIdentity;
import java.time.Clock;
import java.util.List;

/**
 * Access tokens the operator issues for automation ({@code admin token --user U --service S}): one grant per token,
 * held by the pseudo client {@value #CLIENT_ID}, indexed under the user like any other grant, so {@code revoke --user}
 * and {@code revoke --client admin-cli} withdraw it. No refresh token: the token lives {@code ACCESS_TOKEN_LIFETIME}.
 */
public final class OperatorTokens {
    /** The client id operator-issued tokens carry ({@code client_id} claim, grant owner). */
    public static final String CLIENT_ID = "admin-cli";

    private final AccessTokenIssuer issuer;
    private final GrantStore grants;
    private final Clock clock;

    public OperatorTokens(SigningKeys keys, GrantStore grants, String issuerUrl, java.time.Duration lifetime,
                          Clock clock) {
        this.issuer = new AccessTokenIssuer(keys, issuerUrl, lifetime, clock);
        this.grants = grants;
        this.clock = clock;
    }

    /** Issues and records an access token of {@code user} for {@code audience} with {@code scope}. */
    public IssuedAccessToken issue(UserIdentity user, String audience, String scope) {
        Grant grant = new Grant(Secrets.random(), CLIENT_ID, user, scope, List.of(audience),
                clock.instant().getEpochSecond());
        grants.save(grant);
        IssuedAccessToken token = issuer.issue(user, CLIENT_ID, scope, List.of(audience));
        grants.recordAccessToken(token.jti(), new AccessTokenRecord(grant.grantId(), CLIENT_ID, user.subject(),
                token.expiresAt().getEpochSecond()));
        return token;
    }
}
