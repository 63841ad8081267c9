package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.testsupport.ClientTestbed;
import io.mcpgw.testsupport.NodeClient.Steps;
import java.util.ArrayList;
import java.util.List;

/** Assertions shared by the real-client ITs. */
final class ClientAssertions {
    private ClientAssertions() {
    }

    static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            out.add(node.asText());
        }
        return out;
    }

    /** The client registered itself (RFC 7591) and the gateway's registry holds it as a public client. */
    static RegisteredClient assertRegistered(ClientTestbed bed, String clientId, String redirectUri) {
        assertThat(clientId).startsWith("mcp_");
        RegisteredClient client = bed.registeredClient(clientId).orElseThrow(
                () -> new AssertionError("client " + clientId + " is not in the gateway's client repository"));
        assertThat(client.isPublic()).as("token_endpoint_auth_method none").isTrue();
        assertThat(client.redirectUris()).contains(redirectUri);
        return client;
    }

    /** The authorization request carried PKCE S256, the RFC 8707 resource of this service, and went to our AS. */
    static void assertAuthorizationRequest(ClientTestbed bed, JsonNode authorize) {
        assertThat(authorize.path("endpoint").asText()).isEqualTo(bed.issuer() + "/authorize");
        assertThat(authorize.path("resource").asText()).isEqualTo(bed.resource());
        assertThat(authorize.path("scope").asText()).contains("mcp:tools");
    }

    /** The consent page named the client, the redirect host, the service and the scope; the redirect had iss. */
    static void assertConsent(ClientTestbed bed, JsonNode consent, String clientName, String redirectHost, String iss) {
        assertThat(consent.path("clientName").asText()).isEqualTo(clientName);
        assertThat(consent.path("redirectHost").asText()).isEqualTo(redirectHost);
        assertThat(consent.path("services").asText()).isEqualTo("everything");
        assertThat(consent.path("scopes").asText()).contains("mcp:tools");
        assertThat(iss).isEqualTo(bed.issuer());
    }

    /** The access token is ours, for this resource only, for this client, for the user who signed in. */
    static void assertAccessTokenClaims(ClientTestbed bed, JsonNode claims, String clientId) {
        assertThat(texts(claims.path("aud"))).containsExactly(bed.resource());
        assertThat(claims.path("client_id").asText()).isEqualTo(clientId);
        assertThat(claims.path("iss").asText()).isEqualTo(bed.issuer());
        assertThat(claims.path("username").asText()).isEqualTo("alice");
        assertThat(claims.path("scope").asText()).contains("mcp:tools");
    }

    static void assertToolsListAndEcho(Steps steps, String callStep) {
        assertThat(texts(steps.ok("tools_list").path("tools"))).contains("echo");
        JsonNode call = steps.ok(callStep);
        assertThat(call.path("sent").asText()).isNotBlank();
        assertThat(call.path("text").asText()).isEqualTo("Echo: " + call.path("sent").asText());
    }
}
