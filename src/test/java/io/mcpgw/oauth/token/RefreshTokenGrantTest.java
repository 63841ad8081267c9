package io.mcpgw.oauth.token;

import static io.mcpgw.oauth.token.OAuthAssertions.assertOAuthError;
import static io.mcpgw.oauth.token.TokenFixture.RESOURCE_A;
import static io.mcpgw.oauth.token.TokenFixture.RESOURCE_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.client.RegisteredClient;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code grant_type=refresh_token}: rotation, reuse detection, client binding, narrowing, allowlist re-check. */
class RefreshTokenGrantTest {
    private final TokenFixture f = new TokenFixture();
    private TokenResponse initial;

    @BeforeEach
    void exchangeACode() {
        f.publicClient("pub");
        f.publicClient("other");
        initial = f.exchange("pub", f.code("pub"));
    }

    private String rt(TokenResponse r) {
        return r.refreshToken().orElseThrow();
    }

    private AccessTokenFailure failure(String accessToken) {
        try {
            f.validator.validate(accessToken);
        } catch (InvalidAccessTokenException e) {
            return e.reason();
        }
        return null;
    }

    @Test
    void refreshWhenValidThenRotatesAndKeepsIdentityClaims() {
        TokenResponse next = f.refresh("pub", rt(initial));

        assertThat(rt(next)).isNotEqualTo(rt(initial));
        ValidatedAccessToken at = f.validator.validate(next.accessToken());
        assertThat(at.username()).isEqualTo("alice");
        assertThat(at.email()).isEqualTo("alice@example.com");
        assertThat(at.name()).isEqualTo("Alice A.");
        assertThat(at.clientId()).isEqualTo("pub");
        assertThat(at.audiences()).containsExactly(RESOURCE_A, RESOURCE_B);
        assertThat(next.scope()).isEqualTo("mcp:tools openid");
        assertThat(f.refresh("pub", rt(next)).accessToken()).isNotEmpty(); // the rotated token works
    }

    @Test
    void refreshWhenRotatedTokenIsReusedThenInvalidGrantAndTheWholeGrantIsRevoked() {
        TokenResponse next = f.refresh("pub", rt(initial));

        assertOAuthError(() -> f.refresh("pub", rt(initial)), "invalid_grant");

        assertOAuthError(() -> f.refresh("pub", rt(next)), "invalid_grant");
        assertThat(failure(next.accessToken())).isEqualTo(AccessTokenFailure.REVOKED);
        assertThat(failure(initial.accessToken())).isEqualTo(AccessTokenFailure.REVOKED);
    }

    @Test
    void refreshWhenAnotherClientPresentsTheTokenThenInvalidGrantAndTheGrantIsRevoked() {
        assertOAuthError(() -> f.refresh("other", rt(initial)), "invalid_grant");

        assertOAuthError(() -> f.refresh("pub", rt(initial)), "invalid_grant");
        assertThat(failure(initial.accessToken())).isEqualTo(AccessTokenFailure.REVOKED);
    }

    @Test
    void refreshWhenConfidentialClientPresentsAPublicClientsTokenThenInvalidGrant() {
        f.confidentialClient("conf", RegisteredClient.AUTH_POST);
        assertOAuthError(() -> f.tokens.token(null, TokenFixture.form("grant_type", "refresh_token",
                "client_id", "conf", "client_secret", TokenFixture.SECRET, "refresh_token", rt(initial))),
                "invalid_grant");
    }

    @Test
    void refreshWhenScopeNarrowsThenAccessTokenHasTheNarrowScopeAndLaterRefreshesMayUseTheFullOne() {
        TokenResponse narrow = f.refresh("pub", rt(initial), "scope", "mcp:tools");
        assertThat(narrow.scope()).isEqualTo("mcp:tools");
        assertThat(f.validator.validate(narrow.accessToken()).scopes()).containsExactly("mcp:tools");

        TokenResponse full = f.refresh("pub", rt(narrow));
        assertThat(full.scope()).isEqualTo("mcp:tools openid");
    }

    @ParameterizedTest(name = "scope ''{0}'' -> {1}")
    @CsvSource({
        "mcp:tools admin, invalid_scope",
        "offline_access, invalid_scope",
        "bad\"quote, invalid_scope"})
    void refreshWhenScopeWidensOrIsMalformedThenRefusedAndTheTokenStaysUsable(String scope, String error) {
        assertOAuthError(() -> f.refresh("pub", rt(initial), "scope", scope), error);
        assertThat(f.refresh("pub", rt(initial)).accessToken()).isNotEmpty();
    }

    @Test
    void refreshWhenResourceNarrowsThenAudienceIsNarrowed() {
        TokenResponse r = f.refresh("pub", rt(initial), "resource", RESOURCE_B);
        assertThat(f.validator.validate(r.accessToken(), RESOURCE_B).audiences()).containsExactly(RESOURCE_B);
    }

    @Test
    void refreshWhenResourceWidensOrIsMalformedThenInvalidTargetAndTheTokenStaysUsable() {
        assertOAuthError(() -> f.refresh("pub", rt(initial), "resource", "http://localhost:8080/other/mcp"),
                "invalid_target");
        assertOAuthError(() -> f.refresh("pub", rt(initial), "resource", "not a uri"), "invalid_target");
        assertThat(f.refresh("pub", rt(initial)).accessToken()).isNotEmpty();
    }

    @Test
    void refreshWhenParametersAreMissingRepeatedOrUnknownThenExactErrors() {
        assertOAuthError(() -> f.tokens.token(null, TokenFixture.form("grant_type", "refresh_token",
                "client_id", "pub")), "invalid_request");
        assertOAuthError(() -> f.tokens.token(null, TokenFixture.form("grant_type", "refresh_token",
                "client_id", "pub", "refresh_token", rt(initial), "refresh_token", rt(initial))), "invalid_request");
        assertOAuthError(() -> f.refresh("pub", rt(initial), "scope", "mcp:tools", "scope", "mcp:tools"),
                "invalid_request");
        assertOAuthError(() -> f.refresh("pub", Secrets.random()), "invalid_grant");
        assertOAuthError(() -> f.refresh("pub", "x".repeat(1000)), "invalid_grant");
        assertThat(f.refresh("pub", rt(initial)).accessToken()).isNotEmpty();
    }

    @Test
    void refreshWhenUserWasRemovedFromTheGitHubAllowlistThenInvalidGrantAndGrantRevoked() {
        GatewaySettings.GitHub github = new GatewaySettings.GitHub("gh-id", "gh-secret", "https://github.com",
                "https://api.github.com", Set.of("bob"), false);
        f.allowlist.set(UserAllowlist.from(Optional.of(github)));

        assertOAuthError(() -> f.refresh("pub", rt(initial)), "invalid_grant");

        assertThat(failure(initial.accessToken())).isEqualTo(AccessTokenFailure.REVOKED);
        f.allowlist.set(UserAllowlist.ANYONE);
        assertOAuthError(() -> f.refresh("pub", rt(initial)), "invalid_grant");
    }

    @Test
    void refreshWhenUserIsStillOnTheGitHubAllowlistThenRefreshed() {
        GatewaySettings.GitHub github = new GatewaySettings.GitHub("gh-id", "gh-secret", "https://github.com",
                "https://api.github.com", Set.of("alice"), false);
        f.allowlist.set(UserAllowlist.from(Optional.of(github)));
        assertThat(f.refresh("pub", rt(initial)).accessToken()).isNotEmpty();
    }

    @Test
    void refreshWhenOldAccessTokenIsStillWithinItsLifetimeThenItStaysValid() {
        f.refresh("pub", rt(initial));
        assertThat(failure(initial.accessToken())).isNull();
    }
}
