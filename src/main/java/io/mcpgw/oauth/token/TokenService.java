package io.mcpgw.oauth.token;

import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.OAuthForm;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import java.time.Clock;

/**
 * The token endpoint (RFC 6749 §3.2, §4.1.3, §6; OAuth 2.1 §3.2). Order of checks:
 * <ol>
 *   <li>client authentication ({@link ClientAuthenticator}): 401 {@code invalid_client};</li>
 *   <li>{@code grant_type} required and single ({@code invalid_request}); {@code authorization_code} or
 *       {@code refresh_token}, else {@code unsupported_grant_type}; registered for this client, else
 *       {@code unauthorized_client};</li>
 *   <li>the grant's own rules: {@link AuthorizationCodeGrant}, {@link RefreshTokenGrant}.</li>
 * </ol>
 */
public final class TokenService {
    static final String AUTHORIZATION_CODE = "authorization_code";

    private final ClientAuthenticator authenticator;
    private final AuthorizationCodeGrant codeGrant;
    private final RefreshTokenGrant refreshGrant;

    public TokenService(ClientAuthenticator authenticator, AuthorizationCodeStore codes, GrantStore grants,
                        AccessTokenIssuer issuer, UserAllowlist allowlist, Clock clock) {
        this(authenticator, codes, grants, issuer, allowlist, java.util.Optional.empty(), clock);
    }

    /** @param entitlements asks the upstream again at every refresh (empty: the allowlist alone decides) */
    public TokenService(ClientAuthenticator authenticator, AuthorizationCodeStore codes, GrantStore grants,
                        AccessTokenIssuer issuer, UserAllowlist allowlist,
                        java.util.Optional<EntitlementRecheck> entitlements, Clock clock) {
        this.authenticator = authenticator;
        TokenMinter minter = new TokenMinter(issuer, grants, clock);
        this.codeGrant = new AuthorizationCodeGrant(codes, grants, minter, allowlist, clock);
        this.refreshGrant = new RefreshTokenGrant(grants, minter, allowlist, entitlements);
    }

    /**
     * @param authorization the {@code Authorization} header, null when absent
     * @param params        the form parameters
     */
    public TokenResponse token(String authorization, Parameters params) {
        OAuthForm form = new OAuthForm(params, authorization);
        return grant(authenticator.authenticate(form), form);
    }

    /** Steps 2 and 3 for a client that {@link ClientAuthenticator} already authenticated (step 1). */
    public TokenResponse grant(AuthenticatedClient authenticated, OAuthForm form) {
        RegisteredClient client = authenticated.client();
        Parameters params = form.parameters();
        String grantType = params.required("grant_type");
        if (!AUTHORIZATION_CODE.equals(grantType) && !TokenMinter.REFRESH_TOKEN.equals(grantType)) {
            throw OAuthError.unsupportedGrantType("grant_type must be authorization_code or refresh_token")
                    .exception();
        }
        if (!client.allowsGrant(grantType)) {
            throw OAuthError.unauthorizedClient("the client is not registered for this grant_type").exception();
        }
        return AUTHORIZATION_CODE.equals(grantType)
                ? codeGrant.exchange(client, params)
                : refreshGrant.refresh(client, params);
    }
}
