package io.mcpgw.oauth.token;

import static io.mcpgw.oauth.token.OAuthAssertions.assertOAuthError;
import static io.mcpgw.oauth.token.TokenFixture.SECRET;
import static io.mcpgw.oauth.token.TokenFixture.basic;
import static io.mcpgw.oauth.token.TokenFixture.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.client.RegisteredClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {
    private final TokenFixture f = new TokenFixture();
    private final ClientAuthenticator auth = f.authenticator;

    @Test
    void authenticateWhenPublicClientSendsOnlyItsIdThenAuthenticated() {
        f.publicClient("pub");
        assertThat(auth.authenticate(null, form("client_id", "pub")).clientId()).isEqualTo("pub");
    }

    @Test
    void authenticateWhenPublicClientSendsASecretThenInvalidClient() {
        f.publicClient("pub");
        OAuthError e = assertOAuthError(() -> auth.authenticate(null, form("client_id", "pub", "client_secret", "x")),
                "invalid_client");
        assertThat(e.status()).isEqualTo(401);
        assertOAuthError(() -> auth.authenticate(basic("pub", "x"), form()), "invalid_client");
    }

    @Test
    void authenticateWhenBasicClientSendsCorrectFormEncodedCredentialsThenAuthenticated() {
        f.confidentialClient("conf:basic", RegisteredClient.AUTH_BASIC);
        assertThat(auth.authenticate(basic("conf:basic", SECRET), form()).clientId()).isEqualTo("conf:basic");
        // RFC 6749 §2.3.1: client_id in the body as well is fine when it is the same client
        assertThat(auth.authenticate(basic("conf:basic", SECRET), form("client_id", "conf:basic")).clientId())
                .isEqualTo("conf:basic");
    }

    @Test
    void authenticateWhenBasicSecretIsWrongOrMissingThenInvalidClient() {
        f.confidentialClient("conf", RegisteredClient.AUTH_BASIC);
        assertOAuthError(() -> auth.authenticate(basic("conf", SECRET + "x"), form()), "invalid_client");
        assertOAuthError(() -> auth.authenticate(null, form("client_id", "conf")), "invalid_client");
        String emptySecret = "Basic " + Base64.getEncoder().encodeToString("conf:".getBytes(StandardCharsets.UTF_8));
        assertOAuthError(() -> auth.authenticate(emptySecret, form()), "invalid_client");
    }

    @Test
    void authenticateWhenClientUsesAnotherMethodThanRegisteredThenInvalidClient() {
        f.confidentialClient("basic-client", RegisteredClient.AUTH_BASIC);
        f.confidentialClient("post-client", RegisteredClient.AUTH_POST);
        assertOAuthError(() -> auth.authenticate(null, form("client_id", "basic-client", "client_secret", SECRET)),
                "invalid_client");
        assertOAuthError(() -> auth.authenticate(basic("post-client", SECRET), form()), "invalid_client");
    }

    @Test
    void authenticateWhenPostClientSendsCorrectSecretThenAuthenticated() {
        f.confidentialClient("post-client", RegisteredClient.AUTH_POST);
        assertThat(auth.authenticate(null, form("client_id", "post-client", "client_secret", SECRET)).clientId())
                .isEqualTo("post-client");
        assertOAuthError(() -> auth.authenticate(null, form("client_id", "post-client", "client_secret", "nope")),
                "invalid_client");
        assertOAuthError(() -> auth.authenticate(null, form("client_id", "post-client")), "invalid_client");
    }

    @Test
    void authenticateWhenTwoMethodsAreUsedAtOnceThenInvalidRequest() {
        f.confidentialClient("conf", RegisteredClient.AUTH_BASIC);
        OAuthError e = assertOAuthError(
                () -> auth.authenticate(basic("conf", SECRET), form("client_secret", SECRET)), "invalid_request");
        assertThat(e.status()).isEqualTo(400);
        assertOAuthError(() -> auth.authenticate(basic("conf", SECRET), form("client_id", "other")),
                "invalid_request");
    }

    @Test
    void authenticateWhenClientIsMissingOrUnknownThenInvalidClient() {
        assertOAuthError(() -> auth.authenticate(null, form()), "invalid_client");
        assertOAuthError(() -> auth.authenticate(null, form("client_id", "ghost")), "invalid_client");
        assertOAuthError(() -> auth.authenticate(basic("ghost", SECRET), form()), "invalid_client");
    }

    @Test
    void authenticateWhenClientIdIsRepeatedThenInvalidRequest() {
        f.publicClient("pub");
        assertOAuthError(() -> auth.authenticate(null, form("client_id", "pub", "client_id", "pub")),
                "invalid_request");
        f.confidentialClient("post-client", RegisteredClient.AUTH_POST);
        assertOAuthError(() -> auth.authenticate(null, form("client_id", "post-client", "client_secret", SECRET,
                "client_secret", SECRET)), "invalid_request");
    }

    @Test
    void authenticateWhenAuthorizationHeaderIsMalformedOrNotBasicThenInvalidClient() {
        f.confidentialClient("conf", RegisteredClient.AUTH_BASIC);
        assertOAuthError(() -> auth.authenticate("Basic !!!not-base64!!!", form()), "invalid_client");
        String noColon = "Basic " + Base64.getEncoder().encodeToString("conf".getBytes(StandardCharsets.UTF_8));
        assertOAuthError(() -> auth.authenticate(noColon, form()), "invalid_client");
        String badPercent = "Basic " + Base64.getEncoder().encodeToString("conf:%zz".getBytes(StandardCharsets.UTF_8));
        assertOAuthError(() -> auth.authenticate(badPercent, form()), "invalid_client");
        assertOAuthError(() -> auth.authenticate("Bearer abc", form("client_id", "conf")), "invalid_client");
        assertOAuthError(() -> auth.authenticate("Basic", form()), "invalid_client");
    }

    @Test
    void authenticateWhenBasicSchemeIsLowerCaseThenAccepted() {
        f.confidentialClient("conf", RegisteredClient.AUTH_BASIC);
        assertThat(auth.authenticate(basic("conf", SECRET).replace("Basic", "basic"), form()).clientId())
                .isEqualTo("conf");
    }

    @Test
    void authenticateWhenSecretHasExpiredThenInvalidClient() {
        long past = f.clock.instant().getEpochSecond() - 1;
        f.clients.save(new RegisteredClient("old", Optional.of(Secrets.hash(SECRET)), RegisteredClient.AUTH_POST,
                List.of(TokenFixture.REDIRECT), "Old", "", List.of("authorization_code"), List.of("code"), Map.of(),
                past - 100, past, Secrets.hash("rat")));
        assertOAuthError(() -> auth.authenticate(null, form("client_id", "old", "client_secret", SECRET)),
                "invalid_client");
    }
}
