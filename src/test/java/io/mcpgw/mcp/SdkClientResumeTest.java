package io.mcpgw.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.NodeClient;
import io.mcpgw.testsupport.TestAccessGuard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official TypeScript SDK client (@modelcontextprotocol/sdk 1.32.2, protocol 2025-11-25) loses its POST's SSE
 * connection in the middle of a long tool call and resumes it by itself with {@code Last-Event-ID}
 * ({@code src/test/node/sdk-resume-client.mjs}): every progress notification arrives once, then the result.
 */
class SdkClientResumeTest {
    static InProcessGateway gw;

    @BeforeAll
    static void start() {
        NodeModules.requireInstalled();
        NodeClient.requireInstalled("@modelcontextprotocol/sdk");
        gw = InProcessGateway.start(Map.of(), Map.of("accessGuard", new TestAccessGuard()),
                Map.of("gateway.mcp.data-dir", "target/test-services-data"));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void theSdkClientResumesADroppedToolCallAndGetsEveryProgressAndTheResult() throws Exception {
        NodeClient.Steps run = NodeClient.run("sdk-resume", NodeClient.systemNode(), "sdk-resume-client.mjs",
                List.of(gw.uri("/everything/mcp").toString(), "user-alice", "2", "6"), Map.of(), Duration.ofSeconds(90));
        run.assertCompleted();
        assertThat(run.ok("resumed").get("resumes").get(0).get("lastEventId").asText())
                .as("the SDK resumes from the last event it got: the second progress notification")
                .matches("[0-9a-z]+-\\d+:2");
        assertThat(run.ok("progress").get("progress")).hasSize(6);
    }
}
