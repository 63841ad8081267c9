package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.messages;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real npm servers (server-everything, server-memory) through the full HTTP route of the in-process gateway. */
class EverythingAndMemoryTest {
    static InProcessGateway gw;
    static McpTestClient client;
    static final TestAccessGuard GUARD = new TestAccessGuard();

    @BeforeAll
    static void start() {
        NodeModules.requireInstalled();
        gw = InProcessGateway.start(Map.of(), Map.of("accessGuard", GUARD),
                Map.of("gateway.mcp.data-dir", "target/test-services-data"));
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void initializeReturnsASessionIdAndTheServersNegotiatedVersion() throws Exception {
        HttpResponse<String> r = client.post("everything", "alice", null, McpTestClient.initialize("2025-03-26"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Mcp-Session-Id")).hasValueSatisfying(id -> assertThat(id).matches("[A-Za-z0-9_-]{43}"));
        assertThat(response(r).at("/result/protocolVersion").asText()).isEqualTo("2025-03-26");
        assertThat(response(r).at("/id").asInt()).isZero();
        HttpResponse<String> n = client.post("everything", "alice", r.headers().firstValue("Mcp-Session-Id").get(),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(n.statusCode()).isEqualTo(202);
        assertThat(n.body()).isEmpty();
    }

    @Test
    void toolsListAndEchoKeepTheClientsIds() throws Exception {
        String session = client.open("everything", "alice");
        HttpResponse<String> list = client.post("everything", "alice", session,
                "{\"jsonrpc\":\"2.0\",\"id\":\"list-1\",\"method\":\"tools/list\"}");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode tools = response(list);
        assertThat(tools.get("id").asText()).isEqualTo("list-1");
        assertThat(tools.at("/result/tools").findValuesAsText("name")).contains("echo", "trigger-long-running-operation");

        HttpResponse<String> echo = client.post("everything", "alice", session, call(41, "echo", "{\"message\":\"hi\"}"));
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(response(echo).get("id").asInt()).isEqualTo(41);
        assertThat(response(echo).at("/result/content/0/text").asText()).isEqualTo("Echo: hi");
    }

    @Test
    void progressNotificationsArriveAsSseBeforeTheResult() throws Exception {
        String session = client.open("everything", "alice");
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"trigger-long-running-operation\",\"arguments\":{\"duration\":1,\"steps\":2},"
                + "\"_meta\":{\"progressToken\":\"p-7\"}}}";
        HttpResponse<String> r = client.post("everything", "alice", session, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(r.headers().firstValue("X-Accel-Buffering")).contains("no");
        assertThat(r.body()).containsPattern("id: \\d+:1\n");
        List<JsonNode> msgs = messages(r);
        assertThat(msgs).hasSizeGreaterThanOrEqualTo(3);
        assertThat(msgs.subList(0, msgs.size() - 1)).allSatisfy(m -> {
            assertThat(m.get("method").asText()).isEqualTo("notifications/progress");
            assertThat(m.at("/params/progressToken").asText()).isEqualTo("p-7");
        });
        assertThat(msgs.get(msgs.size() - 1).get("id").asInt()).isEqualTo(7);
        assertThat(msgs.get(msgs.size() - 1).has("result")).isTrue();
    }

    @Test
    void theSameToolAnsweredAsJsonWhenTheClientAcceptsOnlyJson() throws Exception {
        String session = client.open("everything", "alice");
        String body = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"trigger-long-running-operation\",\"arguments\":{\"duration\":0.2,\"steps\":2},"
                + "\"_meta\":{\"progressToken\":\"p-8\"}}}";
        HttpResponse<String> r = client.post("everything", "alice", session, body, Map.of("Accept", "application/json"));
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response(r).get("id").asInt()).isEqualTo(8);
    }

    @Test
    void memoryKeepsStateAcrossCallsOfOneUser() throws Exception {
        String session = client.open("memory", "carol");
        HttpResponse<String> create = client.post("memory", "carol", session, call(1, "create_entities",
                "{\"entities\":[{\"name\":\"Gateway\",\"entityType\":\"project\",\"observations\":[\"written in Java\"]}]}"));
        assertThat(create.statusCode()).isEqualTo(200);
        assertThat(response(create).has("result")).isTrue();
        HttpResponse<String> read = client.post("memory", "carol", session, call(2, "read_graph", "{}"));
        assertThat(response(read).at("/result/content/0/text").asText()).contains("Gateway").contains("written in Java");
    }

    @Test
    void deleteEndsTheSessionAndLaterRequestsGet404() throws Exception {
        String session = client.open("everything", "alice");
        HttpResponse<String> d = client.send("DELETE", "everything", "alice", session, Map.of());
        assertThat(d.statusCode()).isEqualTo(204);
        HttpResponse<String> after = client.post("everything", "alice", session, call(1, "echo", "{\"message\":\"x\"}"));
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(response(after).at("/error/code").asInt()).isEqualTo(-32001);
    }

    @Test
    void twoUsersHaveSeparateSessionsAndCannotUseEachOthers() throws Exception {
        String a = client.open("memory", "dave");
        String b = client.open("memory", "erin");
        assertThat(a).isNotEqualTo(b);
        client.post("memory", "dave", a, call(1, "create_entities",
                "{\"entities\":[{\"name\":\"DaveSecret\",\"entityType\":\"note\",\"observations\":[\"only dave\"]}]}"));
        HttpResponse<String> erinGraph = client.post("memory", "erin", b, call(1, "read_graph", "{}"));
        assertThat(response(erinGraph).at("/result/content/0/text").asText()).doesNotContain("DaveSecret");
        HttpResponse<String> stolen = client.post("memory", "erin", a, call(2, "read_graph", "{}"));
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(stolen.body()).doesNotContain("DaveSecret");
        HttpResponse<String> stolenDelete = client.send("DELETE", "memory", "erin", a, Map.of());
        assertThat(stolenDelete.statusCode()).isEqualTo(404);
        HttpResponse<String> stillThere = client.post("memory", "dave", a, call(3, "read_graph", "{}"));
        assertThat(response(stillThere).at("/result/content/0/text").asText()).contains("DaveSecret");
    }
}
