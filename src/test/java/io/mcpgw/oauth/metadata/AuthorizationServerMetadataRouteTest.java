package io.mcpgw.oauth.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RFC 8414 document says only what exists: {@code mcp:tools} is the advertised scope, no OpenID Connect scope
 * and no JWT client authentication are claimed; {@code /.well-known/openid-configuration} serves the same document;
 * clients that still ask for {@code openid} or {@code claudeai} keep working.
 */
class AuthorizationServerMetadataRouteTest {
    static InProcessGateway gw;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        gw = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0"));
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(gw.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void theMetadataAdvertisesOnlyWhatTheGatewayImplements() throws Exception {
        JsonNode doc = get("/.well-known/oauth-authorization-server");

        List<String> scopes = new ArrayList<>();
        doc.path("scopes_supported").forEach(s -> scopes.add(s.asText()));
        assertThat(scopes).containsExactly("mcp:tools");
        assertThat(doc.has("token_endpoint_auth_signing_alg_values_supported")).isFalse();
        assertThat(doc.has("userinfo_endpoint")).isFalse();
        assertThat(doc.has("id_token_signing_alg_values_supported")).isFalse();
        List<String> methods = new ArrayList<>();
        doc.path("token_endpoint_auth_methods_supported").forEach(m -> methods.add(m.asText()));
        assertThat(methods).doesNotContain("private_key_jwt", "client_secret_jwt");
        assertThat(doc.path("issuer").asText()).isEqualTo(gw.issuer());
        assertThat(doc.path("client_id_metadata_document_supported").asBoolean()).isTrue();
    }

    @Test
    void theOpenIdConfigurationPathIsAnAliasOfTheSameDocument() throws Exception {
        assertThat(get("/.well-known/openid-configuration")).isEqualTo(get("/.well-known/oauth-authorization-server"));
    }

    @Test
    void clientsAskingForOidcOrUnknownScopesStillGetATokenForMcp() {
        DevLoginClient client = new DevLoginClient(gw.issuer().replace("localhost", "127.0.0.1"));
        for (String scope : List.of("openid", "openid profile email mcp:tools", "claudeai", "offline_access mcp:tools")) {
            DevLoginClient.Tokens tokens = client.login("alice", null, scope);
            assertThat(tokens.accessToken()).as(scope).isNotBlank();
            assertThat(tokens.refreshToken()).as(scope).isNotBlank();
        }
    }
}
