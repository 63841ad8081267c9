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
 * {@code mcp-remote} 0.15.x as the stdio bridge a desktop client starts ({@code src/test/node/mcp-remote-client.mjs}
 * speaks MCP on its stdio), with its own OAuth: registration with the loopback redirect
 * {@code http://localhost:<port derived from the URL>/oauth/callback}, the browser step done by the $BROWSER stand-in,
 * then initialize, tools/list, tools/call echo through the gateway.
 */
class McpRemoteClientIT {

    @BeforeAll
    static void installed() {
        NodeClient.requireInstalled("mcp-remote", "@modelcontextprotocol/server-everything");
    }

    @Test
    void pathForm() throws Exception {
        try (ClientTestbed bed = ClientTestbed.pathForm()) {
            assertFlow(bed, run("mcp-remote-path", bed));
        }
    }

    @Test
    @RequiresProgram(OptionalProgram.CADDY)
    void hostFormThroughATlsReverseProxy() throws Exception {
        try (ClientTestbed bed = ClientTestbed.hostForm()) {
            assertFlow(bed, run("mcp-remote-host", bed));
        }
    }

    static Steps run(String name, ClientTestbed bed) throws Exception {
        return NodeClient.run(name, NodeClient.systemNode(), "mcp-remote-client.mjs", List.of(bed.mcpUrl()),
                bed.nodeEnv(), Duration.ofSeconds(60));
    }

    static void assertFlow(ClientTestbed bed, Steps steps) {
        assertThat(steps.ok("browser_opened").path("runs").asInt()).isEqualTo(1);

        JsonNode registration = steps.ok("registration");
        assertThat(registration.path("mcp_remote_version").asText()).startsWith("0.15.");
        String clientId = registration.path("client_id").asText();
        String redirect = ClientAssertions.texts(registration.path("redirect_uris")).get(0);
        // mcp-remote's default: localhost by name, a port derived from a hash of the server URL (RFC 8252 loopback).
        assertThat(redirect).matches("http://localhost:\\d+/oauth/callback");
        assertRegistered(bed, clientId, redirect);

        JsonNode authorize = steps.ok("authorization_request").path("authorize");
        assertAuthorizationRequest(bed, authorize);
        assertThat(authorize.path("client_id").asText()).isEqualTo(clientId);
        assertThat(authorize.path("redirect_uri").asText()).isEqualTo(redirect);

        JsonNode consent = steps.ok("consent_and_login");
        assertThat(consent.path("redirect").path("to").asText()).isEqualTo(redirect);
        assertThat(consent.path("callback_status").asInt()).isEqualTo(200);
        assertConsent(bed, consent.path("consent"), "MCP CLI Proxy", "localhost", consent.path("redirect").path("iss").asText());

        JsonNode token = steps.ok("token");
        assertThat(token.path("has_refresh_token").asBoolean()).isTrue();
        assertAccessTokenClaims(bed, token.path("claims"), clientId);

        assertThat(steps.ok("initialize").path("server").path("name").asText()).isEqualTo("mcp-servers/everything");
        assertToolsListAndEcho(steps, "tools_call");
        steps.assertCompleted();
    }
}
