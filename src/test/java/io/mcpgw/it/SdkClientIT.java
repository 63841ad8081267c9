package io.mcpgw.it;

import static io.mcpgw.it.ClientAssertions.assertAccessTokenClaims;
import static io.mcpgw.it.ClientAssertions.assertAuthorizationRequest;
import static io.mcpgw.it.ClientAssertions.assertConsent;
import static io.mcpgw.it.ClientAssertions.assertRegistered;
import static io.mcpgw.it.ClientAssertions.assertToolsListAndEcho;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.testsupport.ClientTestbed;
import io.mcpgw.testsupport.NodeClient;
import io.mcpgw.testsupport.NodeClient.Steps;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;

/**
 * The official MCP TypeScript SDK client ({@code @modelcontextprotocol/sdk} 1.32.x: StreamableHTTPClientTransport
 * with an OAuthClientProvider, {@code src/test/node/sdk-client.mjs}) against the real gateway, step by step:
 * 401 → protected resource metadata → AS metadata → dynamic registration → authorize (PKCE, resource) → consent and
 * development login (scripted over HTTP) → token → initialize → tools/list → tools/call → refresh → DELETE.
 */
class SdkClientIT {
    static final String REDIRECT = "http://127.0.0.1:33418/oauth/callback";

    @BeforeAll
    static void installed() {
        NodeClient.requireInstalled("@modelcontextprotocol/sdk", "@modelcontextprotocol/server-everything");
    }

    @Test
    void pathForm() throws Exception {
        try (ClientTestbed bed = ClientTestbed.pathForm()) {
            assertFullFlow(bed, run("sdk-path", bed));
        }
    }

    @Test
    @RequiresProgram(OptionalProgram.CADDY)
    void hostFormThroughATlsReverseProxy() throws Exception {
        try (ClientTestbed bed = ClientTestbed.hostForm()) {
            assertFullFlow(bed, run("sdk-host", bed));
        }
    }

    static Steps run(String name, ClientTestbed bed) throws Exception {
        return NodeClient.run(name, NodeClient.systemNode(), "sdk-client.mjs", List.of(bed.mcpUrl(), "alice"),
                bed.nodeEnv(), Duration.ofSeconds(60));
    }

    static void assertFullFlow(ClientTestbed bed, Steps steps) {
        JsonNode unauthorized = steps.ok("unauthorized");
        assertThat(unauthorized.path("status").asInt()).isEqualTo(401);
        assertThat(unauthorized.path("www_authenticate").asText())
                .contains("resource_metadata=\"" + bed.prmUrl() + "\"").doesNotContain("error=");

        JsonNode prm = steps.ok("protected_resource_metadata").path("requests").get(0);
        assertThat(prm.path("url").asText()).isEqualTo(bed.prmUrl());
        assertThat(prm.path("status").asInt()).isEqualTo(200);
        JsonNode as = steps.ok("authorization_server_metadata").path("requests").get(0);
        assertThat(as.path("url").asText()).isEqualTo(bed.issuer() + "/.well-known/oauth-authorization-server");

        String clientId = steps.ok("registration").path("client_id").asText();
        assertThat(steps.find("registration").path("status").asInt()).isEqualTo(201);
        assertThat(assertRegistered(bed, clientId, REDIRECT).clientName()).isEqualTo("mcpgw SDK client test");

        JsonNode authorize = steps.ok("authorization_request");
        assertAuthorizationRequest(bed, authorize);
        assertThat(authorize.path("state_sent").asBoolean()).isTrue();

        JsonNode consent = steps.ok("consent_and_login");
        assertThat(consent.path("state_matches").asBoolean()).isTrue();
        assertConsent(bed, consent.path("consent"), "mcpgw SDK client test", "127.0.0.1", consent.path("iss").asText());

        JsonNode token = steps.ok("token");
        assertThat(token.path("token_type").asText()).isEqualToIgnoringCase("bearer");
        assertThat(token.path("has_refresh_token").asBoolean()).isTrue();
        assertAccessTokenClaims(bed, token.path("claims"), clientId);

        JsonNode init = steps.ok("initialize");
        assertThat(init.path("server").path("name").asText()).isEqualTo("mcp-servers/everything");
        assertToolsListAndEcho(steps, "tools_call");

        JsonNode refresh = steps.ok("refresh");
        assertThat(refresh.path("rejected_with").asText()).contains("error=\"invalid_token\"");
        assertThat(refresh.path("token_requests").get(0).path("url").asText()).isEqualTo(bed.issuer() + "/token");
        assertThat(refresh.path("token_requests").get(0).path("status").asInt()).isEqualTo(200);
        assertThat(refresh.path("new_access_token_fp").asText()).isNotEqualTo(refresh.path("old_access_token_fp").asText());
        assertThat(refresh.path("refresh_token_rotated").asBoolean()).isTrue();
        assertThat(ClientAssertions.texts(refresh.path("new_claims").path("aud"))).containsExactly(bed.resource());
        JsonNode after = steps.ok("tools_call_after_refresh");
        assertThat(after.path("text").asText()).isEqualTo("Echo: " + after.path("sent").asText());

        assertThat(steps.ok("terminate_session").path("delete_status").asInt()).isEqualTo(204);
        assertThat(steps.ok("after_delete").path("status").asInt()).isEqualTo(404);
        steps.assertCompleted();
    }
}
