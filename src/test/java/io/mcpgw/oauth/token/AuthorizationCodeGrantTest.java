package io.mcpgw.oauth.token;

import static io.mcpgw.oauth.token.OAuthAssertions.assertOAuthError;
import static io.mcpgw.oauth.token.TokenFixture.REDIRECT;
import static io.mcpgw.oauth.token.TokenFixture.RESOURCE_A;
import static io.mcpgw.oauth.token.TokenFixture.RESOURCE_B;
import static io.mcpgw.oauth.token.TokenFixture.VERIFIER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.code.AuthorizationCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code grant_type=authorization_code} at the token endpoint: the fault table, PKCE, binding, replay, RFC 8707. */
class AuthorizationCodeGrantTest {
    private final TokenFixture f = new TokenFixture();

    /** One row of the fault table: how to spoil a valid request, and the error code expected. */
    record Fault(String name, Consumer<Map<String, List<String>>> spoil, String error) {
        @Override
        public String toString() {
            return name + " -> " + error;
        }
    }

    private static Consumer<Map<String, List<String>>> remove(String p) {
        return m -> m.remove(p);
    }

    private static Consumer<Map<String, List<String>>> repeat(String p) {
        return m -> m.get(p).add(m.get(p).get(0));
    }

    private static Consumer<Map<String, List<String>>> set(String p, String... values) {
        return m -> m.put(p, new ArrayList<>(List.of(values)));
    }

    static Stream<Fault> faults() {
        return Stream.of(
                new Fault("grant_type missing", remove("grant_type"), "invalid_request"),
                new Fault("grant_type empty", set("grant_type", ""), "invalid_request"),
                new Fault("grant_type repeated", repeat("grant_type"), "invalid_request"),
                new Fault("grant_type password", set("grant_type", "password"), "unsupported_grant_type"),
                new Fault("grant_type client_credentials", set("grant_type", "client_credentials"),
                        "unsupported_grant_type"),
                new Fault("code missing", remove("code"), "invalid_request"),
                new Fault("code repeated", repeat("code"), "invalid_request"),
                new Fault("code unknown", set("code", Secrets.random()), "invalid_grant"),
                new Fault("code absurdly long", set("code", "x".repeat(5000)), "invalid_grant"),
                new Fault("redirect_uri missing", remove("redirect_uri"), "invalid_request"),
                new Fault("redirect_uri repeated", repeat("redirect_uri"), "invalid_request"),
                new Fault("redirect_uri different", set("redirect_uri", REDIRECT + "/"), "invalid_grant"),
                new Fault("code_verifier missing", remove("code_verifier"), "invalid_request"),
                new Fault("code_verifier repeated", repeat("code_verifier"), "invalid_request"),
                new Fault("code_verifier 42 chars", set("code_verifier", "a".repeat(42)), "invalid_request"),
                new Fault("code_verifier 129 chars", set("code_verifier", "a".repeat(129)), "invalid_request"),
                new Fault("code_verifier bad char", set("code_verifier", VERIFIER.substring(1) + "+"),
                        "invalid_request"),
                new Fault("code_verifier mismatch", set("code_verifier", "b".repeat(43)), "invalid_grant"),
                new Fault("client_id missing", remove("client_id"), "invalid_client"),
                new Fault("client_id unknown", set("client_id", "ghost"), "invalid_client"),
                new Fault("client_id repeated", repeat("client_id"), "invalid_request"),
                new Fault("client_secret sent by a public client", set("client_secret", "x"), "invalid_client"),
                new Fault("resource relative", set("resource", "/everything/mcp"), "invalid_target"),
                new Fault("resource with fragment", set("resource", RESOURCE_A + "#x"), "invalid_target"),
                new Fault("resource not granted", set("resource", "http://localhost:8080/other/mcp"),
                        "invalid_target"),
                new Fault("resource one granted one not", set("resource", RESOURCE_A, "https://evil.example/mcp"),
                        "invalid_target"));
    }

    private Map<String, List<String>> validRequest(String code) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("grant_type", new ArrayList<>(List.of("authorization_code")));
        m.put("client_id", new ArrayList<>(List.of("pub")));
        m.put("code", new ArrayList<>(List.of(code)));
        m.put("redirect_uri", new ArrayList<>(List.of(REDIRECT)));
        m.put("code_verifier", new ArrayList<>(List.of(VERIFIER)));
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void tokenWhenRequestIsFaultyThenExactError(Fault fault) {
        f.publicClient("pub");
        Map<String, List<String>> request = validRequest(f.code("pub"));
        fault.spoil().accept(request);

        OAuthError error = assertOAuthError(() -> f.tokens.token(null, new Parameters(request)), fault.error());

        assertThat(error.status()).isEqualTo(fault.error().equals("invalid_client") ? 401 : 400);
        assertThat(f.store.keys("oauth:token:")).isEmpty();
    }

    @Test
    void tokenWhenRequestIsValidThenIssuesBoundTokens() {
        f.publicClient("pub");
        TokenResponse r = f.exchange("pub", f.code("pub"));

        assertThat(r.toJson()).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600L)
                .containsEntry("scope", "mcp:tools openid").containsKeys("access_token", "refresh_token");
        ValidatedAccessToken at = f.validator.validate(r.accessToken(), RESOURCE_B);
        assertThat(at.audiences()).containsExactly(RESOURCE_A, RESOURCE_B);
        assertThat(at.clientId()).isEqualTo("pub");
        assertThat(at.username()).isEqualTo("alice");
        assertThat(f.grants.findRefreshToken(r.refreshToken().orElseThrow())).isPresent();
    }

    @Test
    void tokenWhenClientHasNoRefreshGrantThenNoRefreshToken() {
        f.publicClientWithoutRefresh("pub");
        TokenResponse r = f.exchange("pub", f.code("pub"));
        assertThat(r.refreshToken()).isEmpty();
        assertThat(r.toJson()).doesNotContainKey("refresh_token");
    }

    @Test
    void tokenWhenClientIsNotRegisteredForTheGrantTypeThenUnauthorizedClient() {
        f.publicClientWithoutRefresh("pub");
        assertOAuthError(() -> f.refresh("pub", Secrets.random()), "unauthorized_client");
        f.clients.save(new RegisteredClient("refresh-only", Optional.empty(), RegisteredClient.AUTH_NONE,
                List.of(REDIRECT), "", "", List.of("refresh_token"), List.of("code"), Map.of(), 0, 0, "h"));
        assertOAuthError(() -> f.exchange("refresh-only", f.code("refresh-only")), "unauthorized_client");
    }

    @Test
    void tokenWhenSyntaxIsWrongThenTheCodeIsNotConsumed() {
        f.publicClient("pub");
        String code = f.code("pub");
        Map<String, List<String>> request = validRequest(code);
        request.put("code_verifier", new ArrayList<>(List.of("short")));
        assertOAuthError(() -> f.tokens.token(null, new Parameters(request)), "invalid_request");

        assertThat(f.exchange("pub", code).accessToken()).isNotEmpty();
    }

    @Test
    void tokenWhenPkceFailsThenInvalidGrantAndTheCodeIsConsumed() {
        f.publicClient("pub");
        String code = f.code("pub");
        Map<String, List<String>> request = validRequest(code);
        request.put("code_verifier", new ArrayList<>(List.of(VERIFIER.replace('d', 'e'))));

        OAuthError e = assertOAuthError(() -> f.tokens.token(null, new Parameters(request)), "invalid_grant");

        assertThat(e.description()).isEqualTo("PKCE verification failed");
        assertOAuthError(() -> f.exchange("pub", code), "invalid_grant");
    }

    @Test
    void tokenWhenCodeBelongsToAnotherClientThenInvalidGrantAndTheCodeIsConsumed() {
        f.publicClient("pub");
        f.publicClient("other");
        String code = f.code("pub");

        assertOAuthError(() -> f.exchange("other", code), "invalid_grant");

        assertOAuthError(() -> f.exchange("pub", code), "invalid_grant");
        assertThat(f.store.keys("oauth:token:")).isEmpty();
    }

    @Test
    void tokenWhenCodeIsReplayedThenTokensIssuedFromItAreRevoked() {
        f.publicClient("pub");
        String code = f.code("pub");
        TokenResponse first = f.exchange("pub", code);
        assertThat(f.validator.validate(first.accessToken())).isNotNull();

        assertOAuthError(() -> f.exchange("pub", code), "invalid_grant");

        assertThatThrownBy(() -> f.validator.validate(first.accessToken()))
                .isInstanceOfSatisfying(InvalidAccessTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(AccessTokenFailure.REVOKED));
        assertOAuthError(() -> f.refresh("pub", first.refreshToken().orElseThrow()), "invalid_grant");
    }

    @Test
    void tokenWhenResourceNarrowsThenAudienceIsNarrowedButTheGrantKeepsAll() {
        f.publicClient("pub");
        TokenResponse r = f.tokens.token(null, TokenFixture.form("grant_type", "authorization_code",
                "client_id", "pub", "code", f.code("pub"), "redirect_uri", REDIRECT, "code_verifier", VERIFIER,
                "resource", RESOURCE_A));

        assertThat(f.validator.validate(r.accessToken()).audiences()).containsExactly(RESOURCE_A);
        TokenResponse refreshed = f.refresh("pub", r.refreshToken().orElseThrow(), "resource", RESOURCE_B);
        assertThat(f.validator.validate(refreshed.accessToken()).audiences()).containsExactly(RESOURCE_B);
    }

    @Test
    void tokenWhenCodeHasNoResourcesThenTokenHasNoAudience() {
        f.publicClient("pub");
        TokenResponse r = f.exchange("pub", f.code("pub", "mcp:tools", List.of()));
        assertThat(f.validator.validate(r.accessToken()).audiences()).isEmpty();
    }

    @Test
    void tokenWhenUserWasRemovedFromTheAllowlistSinceLoginThenInvalidGrant() {
        f.publicClient("pub");
        String code = f.code("pub");
        f.allowlist.set(user -> false);
        assertOAuthError(() -> f.exchange("pub", code), "invalid_grant");
        assertThat(f.store.keys("oauth:token:")).isEmpty();
    }

    @Test
    void tokenWhenManyRedeemTheSameCodeConcurrentlyThenExactlyOneSucceeds() {
        f.publicClient("pub");
        String code = f.code("pub");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            outcomes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    f.exchange("pub", code);
                    return "ok";
                } catch (OAuthException e) {
                    return e.error().code();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }));
        }
        go.countDown();
        List<String> results = outcomes.stream().map(CompletableFuture::join).toList();
        assertThat(results).filteredOn("ok"::equals).hasSize(1);
        assertThat(results).filteredOn("invalid_grant"::equals).hasSize(15);
    }

    @Test
    void tokenWhenGrantIsRevokedWhileMintingThenTheWinnerGetsItsResponseButTheTokensAreDead() {
        f.publicClient("pub");
        String grantId = Secrets.random(16);
        String code = f.codes.issue(new AuthorizationCode("pub", REDIRECT, TokenFixture.challenge(VERIFIER),
                "mcp:tools", List.of(RESOURCE_A), TokenFixture.ALICE, grantId, 0));
        f.grants.revokeGrant(grantId); // a replay's revocation lands before the winner writes its records

        TokenResponse won = f.exchange("pub", code);

        assertThatThrownBy(() -> f.validator.validate(won.accessToken()))
                .isInstanceOfSatisfying(InvalidAccessTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(AccessTokenFailure.REVOKED));
        assertOAuthError(() -> f.refresh("pub", won.refreshToken().orElseThrow()), "invalid_grant");
        assertThat(f.store.keys("oauth:token:")).isEmpty();
        assertThat(f.store.keys("oauth:refresh:")).isEmpty();
    }
}
