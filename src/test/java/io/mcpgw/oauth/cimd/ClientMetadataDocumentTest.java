package io.mcpgw.oauth.cimd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.client.RegisteredClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules of a fetched document, one bad document per rule. */
class ClientMetadataDocumentTest {
    static final String URL = "https://app.example.com/client.json";
    static final String GOOD = "{\"client_id\":\"" + URL + "\",\"client_name\":\"App\",\"redirect_uris\":"
            + "[\"http://127.0.0.1/cb\",\"https://app.example.com/cb\"],\"scope\":\"mcp:tools other\","
            + "\"logo_uri\":\"https://app.example.com/logo.png\",\"jwks_uri\":\"https://app.example.com/jwks\"}";

    static RegisteredClient validate(String json) {
        return ClientMetadataDocument.validate(URL, json.getBytes(StandardCharsets.UTF_8), 1_700_000_000L);
    }

    @Test
    void aValidDocumentIsAPublicClientWithoutSecretsOrManagementToken() {
        RegisteredClient c = validate(GOOD);
        assertThat(c.clientId()).isEqualTo(URL);
        assertThat(c.isPublic()).isTrue();
        assertThat(c.clientSecretHash()).isEmpty();
        assertThat(c.redirectUris()).containsExactly("http://127.0.0.1/cb", "https://app.example.com/cb");
        assertThat(c.clientName()).isEqualTo("App");
        assertThat(c.scope()).isEqualTo("mcp:tools");
        assertThat(c.grantTypes()).containsExactly("authorization_code", "refresh_token");
        assertThat(c.metadata()).containsEntry("logo_uri", "https://app.example.com/logo.png");
        assertThat(c.registrationAccessTokenHash()).isEmpty();
        assertThat(c.clientIdIssuedAt()).isEqualTo(1_700_000_000L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|not valid JSON",
            "[]|must be a JSON object",
            "\"text\"|must be a JSON object",
            "{\"redirect_uris\":[\"https://a/cb\"]}|has no client_id",
            "{\"client_id\":7,\"redirect_uris\":[\"https://a/cb\"]}|has no client_id",
            "{\"client_id\":\"https://app.example.com/client.json/\",\"redirect_uris\":[\"https://a/cb\"]}|is not the URL",
            "{\"client_id\":\"HTTPS://app.example.com/client.json\",\"redirect_uris\":[\"https://a/cb\"]}|is not the URL",
            "{\"client_id\":\"" + URL + "\",\"client_secret\":\"x\",\"redirect_uris\":[\"https://a/cb\"]}|must not contain a client_secret",
            "{\"client_id\":\"" + URL + "\",\"client_secret_expires_at\":0,\"redirect_uris\":[\"https://a/cb\"]}|must not contain a client_secret",
            "{\"client_id\":\"" + URL + "\",\"token_endpoint_auth_method\":\"client_secret_post\",\"redirect_uris\":[\"https://a/cb\"]}|must be none",
            "{\"client_id\":\"" + URL + "\",\"token_endpoint_auth_method\":\"private_key_jwt\",\"redirect_uris\":[\"https://a/cb\"]}|private_key_jwt is not supported",
            "{\"client_id\":\"" + URL + "\"}|redirect_uris is required",
            "{\"client_id\":\"" + URL + "\",\"redirect_uris\":[]}|must not be empty",
            "{\"client_id\":\"" + URL + "\",\"redirect_uris\":[\"http://app.example.com/cb\"]}|only allowed on loopback",
            "{\"client_id\":\"" + URL + "\",\"redirect_uris\":[\"https://a/cb#f\"]}|must not contain a fragment",
            "{\"client_id\":\"" + URL + "\",\"redirect_uris\":[\"https://a/cb\"],\"grant_types\":[\"client_credentials\"]}|grant_types may only"})
    void everyRuleRefusesWithItsReason(String json, String reason) {
        assertThatThrownBy(() -> validate(json)).isInstanceOf(OAuthException.class)
                .satisfies(e -> assertThat(((OAuthException) e).error().code()).isEqualTo("invalid_client"))
                .hasMessageContaining(reason);
    }
}
