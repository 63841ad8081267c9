package io.mcpgw.oauth.token;

import io.mcpgw.audit.AuditLog;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.client.RegisteredClient;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code grant_type=refresh_token} (RFC 6749 §6; OAuth 2.1 §4.3, §4.3.1 rotation; RFC 8707 §2.2), in order:
 * <ol>
 *   <li>{@code refresh_token} required ({@code invalid_request}); {@code scope} and {@code resource} syntax;</li>
 *   <li>look the token up. Unknown or expired: {@code invalid_grant}; if it is a rotated token presented again,
 *       that is reuse (theft or a replaying attacker): the whole grant is revoked, the current refresh token and
 *       access tokens included;</li>
 *   <li>bound to its client: presented by another client, the token is taken as leaked: it is consumed, the grant
 *       revoked, and the answer is {@code invalid_grant};</li>
 *   <li>the grant still exists; the user is still on the allowlist (else the grant is revoked); the upstream
 *       still grants access ({@link EntitlementRecheck}: GitHub asked with the user's token, the OpenID provider by a
 *       refresh; a denial revokes the grant and ends the user's sessions: {@code invalid_grant});</li>
 *   <li>{@code scope} and {@code resource} may narrow the grant's, never widen them ({@code invalid_scope},
 *       {@code invalid_target}); checked before consuming, so a refused request leaves the token usable;</li>
 *   <li>consume atomically; losing a race to a concurrent use of the same token counts as reuse;</li>
 *   <li>rotate: a new refresh token (the old one is remembered as used) and an access token that keeps username,
 *       email and name from the grant. The grant's idle lifetime restarts.</li>
 * </ol>
 */
final class RefreshTokenGrant {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenGrant.class);

    private final GrantStore grants;
    private final TokenMinter minter;
    private final UserAllowlist allowlist;
    private final Optional<EntitlementRecheck> entitlements;

    RefreshTokenGrant(GrantStore grants, TokenMinter minter, UserAllowlist allowlist) {
        this(grants, minter, allowlist, Optional.empty());
    }

    RefreshTokenGrant(GrantStore grants, TokenMinter minter, UserAllowlist allowlist,
                      Optional<EntitlementRecheck> entitlements) {
        this.grants = grants;
        this.minter = minter;
        this.allowlist = allowlist;
        this.entitlements = entitlements;
    }

    TokenResponse refresh(RegisteredClient client, Parameters params) {
        String token = params.required("refresh_token");
        Optional<String> requestedScope = params.optional("scope");
        List<String> requestedResources = params.all("resource");
        ResourceIndicators.requireWellFormed(requestedResources);
        if (token.length() > 256) {
            throw invalidToken();
        }

        RefreshTokenRecord record = grants.findRefreshToken(token).orElseThrow(() -> reuseOrUnknown(token));
        if (!record.clientId().equals(client.clientId())) {
            AuditLog.warn("event=refresh_token_of_other_client grant={} client={}", record.grantId(), client.clientId());
            grants.takeRefreshToken(token);
            grants.revokeGrant(record.grantId());
            throw invalidToken();
        }
        Grant grant = grants.find(record.grantId()).orElseThrow(RefreshTokenGrant::invalidToken);
        if (!allowlist.allows(grant.user())) {
            AuditLog.info("event=user_no_longer_allowed grant={}", grant.grantId());
            grants.revokeGrant(grant.grantId());
            throw OAuthError.invalidGrant("the user is no longer allowed").exception();
        }
        if (entitlements.isPresent()
                && entitlements.get().check(grant).status() == io.mcpgw.oauth.upstream.Entitlement.Status.DENIED) {
            throw OAuthError.invalidGrant("the user is no longer allowed").exception();
        }
        String scope = ScopeNarrowing.narrow(requestedScope, grant.scope());
        List<String> audiences = ResourceIndicators.narrow(requestedResources, grant.resources());

        if (grants.takeRefreshToken(token, grant.grantId()).isEmpty()) {
            throw reuseOrUnknown(token);
        }
        // the grant's idle lifetime restarts in the same batch as the new tokens are recorded
        TokenResponse refreshed = minter.mint(grant, client, scope, audiences, grants.saveWrites(grant));
        AuditLog.info("event=token_refreshed grant={} client={} username={}", grant.grantId(), client.clientId(),
                grant.user().username());
        return refreshed;
    }

    /** Unknown token; if it was already used, revoke its grant (RFC 6749 §10.4, OAuth 2.1 §4.3.1). */
    private RuntimeException reuseOrUnknown(String token) {
        grants.grantOfUsedRefreshToken(token).ifPresent(grantId -> {
            AuditLog.warn("event=refresh_token_reuse grant={}", grantId);
            grants.revokeGrant(grantId);
        });
        return invalidToken();
    }

    private static RuntimeException invalidToken() {
        return OAuthError.invalidGrant("the refresh token is invalid, expired or revoked").exception();
    }
}
