package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.testsupport.ClientTestbed;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.NodeClient;
import io.mcpgw.testsupport.NodeClient.Steps;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both MCP eras on one service URL of the real gateway, with a real access token: the official TypeScript SDK client
 * ({@code @modelcontextprotocol/sdk} 1.32.x, protocol 2025-11-25, one session) and a scripted client of the stateless
 * revision 2026-07-28 ({@code src/test/node/both-eras-client.mjs}), interleaved and concurrent. Bad stateless inputs
 * tried: an {@code Mcp-Name} naming another tool, an {@code Mcp-Method} naming another method, an unknown method,
 * GET and DELETE; the SDK client's session must be untouched by all of them.
 */
class BothErasClientIT {

    @BeforeAll
    static void installed() {
        NodeClient.requireInstalled("@modelcontextprotocol/sdk", "@modelcontextprotocol/server-everything");
    }

    @Test
    void anSdkClientAndAStatelessClientShareTheServiceUrl() throws Exception {
        try (ClientTestbed bed = ClientTestbed.pathForm()) {
            String token = new DevLoginClient(bed.issuer()).login("alice", bed.resource(), null).accessToken();
            Map<String, String> env = new HashMap<>(bed.nodeEnv());
            env.put("MCPGW_BEARER", token);
            Steps steps = NodeClient.run("both-eras", NodeClient.systemNode(), "both-eras-client.mjs",
                    List.of(bed.mcpUrl()), env, Duration.ofSeconds(90));

            JsonNode connected = steps.ok("sdk_connected");
            assertThat(connected.path("protocol").asText()).isEqualTo("2025-11-25");
            assertThat(connected.path("session").asBoolean()).isTrue();

            JsonNode discover = steps.ok("modern_discover");
            assertThat(discover.path("id_echoed").asBoolean()).isTrue();
            assertThat(discover.path("session_header").isNull()).isTrue();
            assertThat(discover.at("/result/supportedVersions").toString()).contains("2026-07-28", "2025-11-25");
            assertThat(discover.at("/result/capabilities/tools").isObject()).isTrue();
            assertThat(discover.at("/result/capabilities/tasks").isMissingNode()).isTrue();

            assertThat(steps.ok("modern_tools_list").path("names").toString()).contains("\"echo\"");
            assertThat(steps.ok("modern_tools_list").path("result_type").asText()).isEqualTo("complete");
            assertThat(steps.ok("sdk_tools_list").path("names").toString()).contains("\"echo\"");
            for (int i = 0; i < 3; i++) {
                JsonNode both = steps.ok("interleaved_" + i);
                assertThat(both.path("sdk_text").asText()).isEqualTo("Echo: sdk-" + i);
                assertThat(both.path("modern_status").asInt()).isEqualTo(200);
                assertThat(both.path("modern_text").asText()).isEqualTo("Echo: modern-" + i);
                assertThat(both.path("modern_id_echoed").asBoolean()).isTrue();
            }

            JsonNode name = steps.ok("modern_name_mismatch");
            assertThat(name.path("status").asInt()).isEqualTo(400);
            assertThat(name.path("code").asInt()).isEqualTo(-32020);
            assertThat(name.path("id_echoed").asBoolean()).isTrue();
            assertThat(steps.ok("modern_method_mismatch").path("status").asInt()).isEqualTo(400);
            assertThat(steps.ok("modern_method_mismatch").path("code").asInt()).isEqualTo(-32020);
            assertThat(steps.ok("modern_unknown_method").path("status").asInt()).isEqualTo(404);
            assertThat(steps.ok("modern_unknown_method").path("code").asInt()).isEqualTo(-32601);
            for (String method : List.of("modern_get", "modern_delete")) {
                assertThat(steps.ok(method).path("status").asInt()).as(method).isEqualTo(405);
                assertThat(steps.ok(method).path("allow").asText()).as(method).isEqualTo("POST");
            }

            assertThat(steps.ok("sdk_after").path("text").asText()).isEqualTo("Echo: sdk-after");
            steps.ok("sdk_terminated");
            assertThat(steps.ok("modern_after_sdk_left").path("text").asText()).isEqualTo("Echo: still-stateless");
            steps.assertCompleted();
        }
    }
}
