package io.mcpgw.oauth.token;

import io.mcpgw.audit.AuditLog;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.code.AuthorizationCode;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code grant_type=authorization_code} (RFC 6749 §4.1.3, OAuth 2.1 §4.1.3, RFC 7636 §4.5, RFC 8707 §2.2), in order:
 * <ol>
 *   <li>syntax, nothing consumed yet: {@code code}, {@code redirect_uri}, {@code code_verifier} required and single
 *       ({@code invalid_request}); verifier syntax ({@code invalid_request}); {@code resource} syntax
 *       ({@code invalid_target});</li>
 *   <li>the code is redeemed atomically: of concurrent requests exactly one gets it. Unknown or expired:
 *       {@code invalid_grant}. A replay (already redeemed) revokes the grant issued from it (OAuth 2.1 §4.1.3) and is
 *       {@code invalid_grant};</li>
 *   <li>checks after redemption (the code stays consumed whatever their outcome): issued to this client,
 *       {@code redirect_uri} identical, PKCE S256 (all {@code invalid_grant}); requested resources within the code's
 *       ({@code invalid_target}); the user still on the allowlist ({@code invalid_grant});</li>
 *   <li>the grant is stored with the code's full scope and resources; the access token gets the (narrowed)
 *       resources as audience.</li>
 * </ol>
 * {@code scope} is not a parameter of this request (RFC 6749 §4.1.3): the scope is the one bound to the code.
 */
final class AuthorizationCodeGrant {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationCodeGrant.class);

    private final AuthorizationCodeStore codes;
    private final GrantStore grants;
    private final TokenMinter minter;
    private final UserAllowlist allowlist;
    private final Clock clock;

    AuthorizationCodeGrant(AuthorizationCodeStore codes, GrantStore grants, TokenMinter minter,
                           UserAllowlist allowlist, Clock clock) {
        this.codes = codes;
        this.grants = grants;
        this.minter = minter;
        this.allowlist = allowlist;
        this.clock = clock;
    }

    TokenResponse exchange(RegisteredClient client, Parameters params) {
        String codeValue = params.required("code");
        String redirectUri = params.required("redirect_uri");
        String verifier = params.required("code_verifier");
        Pkce.requireWellFormed(verifier);
        List<String> requestedResources = params.all("resource");
        ResourceIndicators.requireWellFormed(requestedResources);

        AuthorizationCodeStore.Redemption redemption = codes.redeem(codeValue);
        if (redemption.replayOf().isPresent()) {
            String grantId = redemption.replayOf().get();
            AuditLog.warn("event=code_replay grant={} client={}", grantId, client.clientId());
            grants.revokeGrant(grantId);
            throw invalidCode();
        }
        AuthorizationCode code = redemption.code().orElseThrow(AuthorizationCodeGrant::invalidCode);
        if (!code.clientId().equals(client.clientId())) {
            AuditLog.warn("event=code_of_other_client client={}", client.clientId());
            throw invalidCode();
        }
        if (!code.redirectUri().equals(redirectUri)) {
            throw OAuthError.invalidGrant("redirect_uri does not match the authorization request").exception();
        }
        if (code.codeChallenge() == null || !Pkce.matches(verifier, code.codeChallenge())) {
            throw OAuthError.invalidGrant("PKCE verification failed").exception();
        }
        List<String> audiences = ResourceIndicators.narrow(requestedResources, code.resources());
        if (!allowlist.allows(code.user())) {
            throw OAuthError.invalidGrant("the user is no longer allowed").exception();
        }
        Grant grant = new Grant(code.grantId(), client.clientId(), code.user(), code.scope(), code.resources(),
                clock.instant().getEpochSecond());
        // the grant is stored in the same batch as its first tokens are recorded
        TokenResponse issued = minter.mint(grant, client, code.scope(), audiences, grants.saveWrites(grant));
        AuditLog.info("event=token_issued grant={} client={} username={}", grant.grantId(), client.clientId(),
                grant.user().username());
        return issued;
    }

    private static RuntimeException invalidCode() {
        return OAuthError.invalidGrant("the authorization code is invalid, expired or already used").exception();
    }
}
