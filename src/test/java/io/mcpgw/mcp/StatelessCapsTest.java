package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stateless request's warm child is one of the user's sessions: it counts against {@code MCP_MAX_SESSIONS_PER_USER}
 * (503 + {@code Retry-After} beyond, the request's id in the error, state intact) and ends after
 * {@code SESSION_TIMEOUT} idle, after which the next stateless request starts a fresh one.
 */
class StatelessCapsTest {
    static InProcessGateway gw;
    static McpTestClient client;

    @BeforeAll
    static void start() {
        NodeModules.requireInstalled();
        gw = InProcessGateway.start(Map.of("MCP_MAX_SESSIONS_PER_USER", "1", "SESSION_TIMEOUT", "2"),
                Map.of("accessGuard", new TestAccessGuard()), Map.of("gateway.mcp.data-dir", "target/test-services-data"));
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static HttpResponse<String> echo(String user, int id, String text) throws Exception {
        return client.post("everything", user, null, StatelessProtocolTest.body(id, "tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"message\":\"" + text + "\"}}"), StatelessProtocolTest.headers("tools/call", "echo"));
    }

    @Test
    void aUserAtTheSessionCapGets503AndTheSessionStaysUsable() throws Exception {
        String session = client.open("everything", "gina");
        HttpResponse<String> refused = echo("gina", 77, "x");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(response(refused).get("id").asInt()).isEqualTo(77);
        assertThat(response(refused).at("/error/code").asInt()).isEqualTo(-32000);
        assertThat(refused.body()).doesNotContain("Exception").doesNotContain("at io.");
        HttpResponse<String> legacy = client.post("everything", "gina", session, McpTestClient.call(1, "echo", "{\"message\":\"ok\"}"));
        assertThat(response(legacy).at("/result/content/0/text").asText()).isEqualTo("Echo: ok");
        // another user is not affected by gina's cap
        assertThat(echo("hank", 1, "free").statusCode()).isEqualTo(200);
    }

    @Test
    void anIdleWarmChildEndsAndTheNextRequestStartsAFreshOne() throws Exception {
        SessionRegistry sessions = gw.bean("mcpSessions", SessionRegistry.class);
        assertThat(response(echo("ivan", 1, "first")).at("/result/content/0/text").asText()).isEqualTo("Echo: first");
        assertThat(sessions.count("ivan", "everything")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> sessions.count("ivan", "everything") == 0);
        HttpResponse<String> again = echo("ivan", 2, "second");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(response(again).at("/result/content/0/text").asText()).isEqualTo("Echo: second");
        assertThat(sessions.count("ivan", "everything")).isEqualTo(1);
    }
}
