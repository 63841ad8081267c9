package io.mcpgw.oauth.token;

import static io.mcpgw.oauth.token.OAuthAssertions.assertOAuthError;
import static io.mcpgw.oauth.token.TokenFixture.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.client.RegisteredClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7009 revocation: ownership, grant-wide revocation for refresh tokens, no oracle. */
class RevocationServiceTest {
    private final TokenFixture f = new TokenFixture();
    private TokenResponse tokens;

    @BeforeEach
    void issue() {
        f.publicClient("pub");
        f.publicClient("other");
        tokens = f.exchange("pub", f.code("pub"));
    }

    private void revoke(String clientId, String token, String... extra) {
        String[] pairs = new String[4 + extra.length];
        pairs[0] = "client_id";
        pairs[1] = clientId;
        pairs[2] = "token";
        pairs[3] = token;
        System.arraycopy(extra, 0, pairs, 4, extra.length);
        f.revocation.revoke(null, form(pairs));
    }

    private boolean accessTokenActive(String token) {
        try {
            f.validator.validate(token);
            return true;
        } catch (InvalidAccessTokenException e) {
            return false;
        }
    }

    @Test
    void revokeWhenOwnRefreshTokenThenTheWholeGrantIsRevoked() {
        revoke("pub", tokens.refreshToken().orElseThrow());

        assertThat(accessTokenActive(tokens.accessToken())).isFalse();
        assertOAuthError(() -> f.refresh("pub", tokens.refreshToken().orElseThrow()), "invalid_grant");
        assertThat(f.store.keys("oauth:grant:")).isEmpty();
    }

    @Test
    void revokeWhenOwnAccessTokenThenOnlyThatTokenIsRevoked() {
        revoke("pub", tokens.accessToken());

        assertThat(accessTokenActive(tokens.accessToken())).isFalse();
        assertThat(f.refresh("pub", tokens.refreshToken().orElseThrow()).accessToken()).isNotEmpty();
    }

    @Test
    void revokeWhenOwnAccessTokenHasExpiredThenItsRecordIsStillRemoved() {
        f.clock.advance(TokenFixture.ACCESS.plus(Duration.ofMinutes(5)));
        String jti = f.validator.signedByUs(tokens.accessToken()).orElseThrow().jti();
        assertThat(f.grants.accessTokenExists(jti)).isTrue();

        revoke("pub", tokens.accessToken());

        assertThat(f.grants.accessTokenExists(jti)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"access_token", "refresh_token", "something_else"})
    void revokeWhenHintIsWrongOrUnknownThenTheTokenIsRevokedAnyway(String hint) {
        revoke("pub", tokens.accessToken(), "token_type_hint", hint);
        assertThat(accessTokenActive(tokens.accessToken())).isFalse();
    }

    @Test
    void revokeWhenRefreshTokenWithAccessTokenHintThenTheGrantIsRevoked() {
        revoke("pub", tokens.refreshToken().orElseThrow(), "token_type_hint", "access_token");
        assertThat(accessTokenActive(tokens.accessToken())).isFalse();
    }

    @Test
    void revokeWhenTokensBelongToAnotherClientThenNothingHappens() {
        revoke("other", tokens.accessToken());
        revoke("other", tokens.refreshToken().orElseThrow());

        assertThat(accessTokenActive(tokens.accessToken())).isTrue();
        assertThat(f.refresh("pub", tokens.refreshToken().orElseThrow()).accessToken()).isNotEmpty();
    }

    @Test
    void revokeWhenTokenIsUnknownOrGarbageThenSucceedsSilently() {
        revoke("pub", "unknown-token");
        revoke("pub", "a.b.c");
        revoke("pub", "x".repeat(10_000));
        assertThat(accessTokenActive(tokens.accessToken())).isTrue();
    }

    @Test
    void revokeWhenTokenIsMissingOrRepeatedThenInvalidRequest() {
        assertOAuthError(() -> f.revocation.revoke(null, form("client_id", "pub")), "invalid_request");
        assertOAuthError(() -> f.revocation.revoke(null, form("client_id", "pub", "token", tokens.accessToken(),
                "token", tokens.accessToken())), "invalid_request");
        assertThat(accessTokenActive(tokens.accessToken())).isTrue();
    }

    @Test
    void revokeWhenClientAuthenticationFailsThenInvalidClientAndNothingHappens() {
        f.confidentialClient("conf", RegisteredClient.AUTH_BASIC);
        assertOAuthError(() -> f.revocation.revoke(null, form("token", tokens.accessToken())), "invalid_client");
        assertOAuthError(() -> f.revocation.revoke(TokenFixture.basic("conf", "wrong"),
                form("token", tokens.accessToken())), "invalid_client");
        assertThat(accessTokenActive(tokens.accessToken())).isTrue();
    }
}
