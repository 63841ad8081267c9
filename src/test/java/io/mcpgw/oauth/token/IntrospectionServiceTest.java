package io.mcpgw.oauth.token;

import static io.mcpgw.oauth.token.OAuthAssertions.assertOAuthError;
import static io.mcpgw.oauth.token.TokenFixture.ISSUER;
import static io.mcpgw.oauth.token.TokenFixture.RESOURCE_A;
import static io.mcpgw.oauth.token.TokenFixture.RESOURCE_B;
import static io.mcpgw.oauth.token.TokenFixture.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.client.RegisteredClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 7662 introspection: full answer for the client's own live tokens, {@code active:false} for everything else. */
class IntrospectionServiceTest {
    private static final Map<String, Object> INACTIVE = Map.of("active", false);
    private final TokenFixture f = new TokenFixture();
    private TokenResponse tokens;

    @BeforeEach
    void issue() {
        f.publicClient("pub");
        f.publicClient("other");
        tokens = f.exchange("pub", f.code("pub"));
    }

    private Map<String, Object> introspect(String clientId, String token) {
        return f.introspection.introspect(null, form("client_id", clientId, "token", token));
    }

    @Test
    void introspectWhenOwnActiveAccessTokenThenReportsItsClaims() {
        long now = f.clock.instant().getEpochSecond();
        Map<String, Object> r = introspect("pub", tokens.accessToken());

        assertThat(r).containsEntry("active", true).containsEntry("scope", "mcp:tools openid")
                .containsEntry("client_id", "pub").containsEntry("username", "alice")
                .containsEntry("token_type", "Bearer").containsEntry("sub", "1001").containsEntry("iss", ISSUER)
                .containsEntry("iat", now).containsEntry("nbf", now)
                .containsEntry("exp", now + TokenFixture.ACCESS.toSeconds())
                .containsEntry("aud", List.of(RESOURCE_A, RESOURCE_B))
                .containsEntry("jti", f.validator.validate(tokens.accessToken()).jti());
    }

    @Test
    void introspectWhenOwnRefreshTokenThenActiveRefreshToken() {
        Map<String, Object> r = introspect("pub", tokens.refreshToken().orElseThrow());
        assertThat(r).containsEntry("active", true).containsEntry("token_type", "refresh_token")
                .containsEntry("client_id", "pub").containsEntry("username", "alice").containsEntry("sub", "1001")
                .containsEntry("scope", "mcp:tools openid").containsKey("exp");
    }

    @Test
    void introspectWhenTokensBelongToAnotherClientThenInactive() {
        assertThat(introspect("other", tokens.accessToken())).isEqualTo(INACTIVE);
        assertThat(introspect("other", tokens.refreshToken().orElseThrow())).isEqualTo(INACTIVE);
    }

    @Test
    void introspectWhenExpiredRevokedOrGarbageThenInactive() {
        assertThat(introspect("pub", "garbage")).isEqualTo(INACTIVE);
        assertThat(introspect("pub", "a.b.c")).isEqualTo(INACTIVE);
        String rotatedAway = tokens.refreshToken().orElseThrow();
        TokenResponse next = f.refresh("pub", rotatedAway);
        assertThat(introspect("pub", rotatedAway)).isEqualTo(INACTIVE);

        f.revocation.revoke(null, form("client_id", "pub", "token", next.accessToken()));
        assertThat(introspect("pub", next.accessToken())).isEqualTo(INACTIVE);

        f.clock.advance(TokenFixture.ACCESS.plus(Duration.ofMinutes(1)));
        assertThat(introspect("pub", tokens.accessToken())).isEqualTo(INACTIVE);
    }

    @Test
    void introspectWhenTokenIsMissingOrClientFailsAuthenticationThenError() {
        assertOAuthError(() -> f.introspection.introspect(null, form("client_id", "pub")), "invalid_request");
        f.confidentialClient("conf", RegisteredClient.AUTH_POST);
        assertOAuthError(() -> f.introspection.introspect(null, form("client_id", "conf", "token",
                tokens.accessToken())), "invalid_client");
        assertOAuthError(() -> f.introspection.introspect(null, form("token", tokens.accessToken())),
                "invalid_client");
    }
}
