package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stateless revision (2026-07-28) and the session-based ones on the same service URL of the in-process gateway,
 * with the real server-everything and server-memory children, raw HTTP: every check the gateway makes on a
 * stateless request, and that a 2025-era client on the same URL is answered exactly as before.
 */
class StatelessProtocolTest {
    static final String V = "2026-07-28";
    static InProcessGateway gw;
    static McpTestClient client;

    @BeforeAll
    static void start() {
        NodeModules.requireInstalled();
        gw = InProcessGateway.start(Map.of(), Map.of("accessGuard", new TestAccessGuard()),
                Map.of("gateway.mcp.data-dir", "target/test-services-data"));
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** A stateless request body: {@code params} plus the revision's {@code _meta}. */
    static String body(Object id, String method, String paramsJson) throws Exception {
        ObjectNode params = (ObjectNode) Json.parseUntrusted(paramsJson == null ? "{}" : paramsJson);
        ObjectNode meta = params.has("_meta") ? (ObjectNode) params.get("_meta") : params.putObject("_meta");
        meta.put("io.modelcontextprotocol/protocolVersion", V);
        meta.putObject("io.modelcontextprotocol/clientCapabilities");
        meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "scripted-2026").put("version", "1");
        ObjectNode msg = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
        msg.set("id", Json.MAPPER.valueToTree(id));
        msg.put("method", method);
        msg.set("params", params);
        return Json.write(msg);
    }

    static Map<String, String> headers(String method, String name) {
        Map<String, String> h = new HashMap<>(Map.of("Accept", McpTestClient.BOTH, "MCP-Protocol-Version", V,
                "Mcp-Method", method));
        if (name != null) {
            h.put("Mcp-Name", name);
        }
        return h;
    }

    static HttpResponse<String> modern(String service, String user, Object id, String method, String name, String params)
            throws Exception {
        return client.post(service, user, null, body(id, method, params), headers(method, name));
    }

    @Test
    void discoverIsAnsweredFromTheChildsInitializeResult() throws Exception {
        HttpResponse<String> r = modern("everything", "alice", 1, "server/discover", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
        JsonNode result = response(r).get("result");
        assertThat(response(r).get("id").asInt()).isEqualTo(1);
        assertThat(result.get("resultType").asText()).isEqualTo("complete");
        assertThat(Json.MAPPER.convertValue(result.get("supportedVersions"), List.class))
                .contains("2025-11-25", "2026-07-28");
        assertThat(result.at("/capabilities/tools").isObject()).isTrue();
        assertThat(result.at("/capabilities/tools/listChanged").isMissingNode()).isTrue();
        assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText()).isEqualTo("mcp-servers/everything");
        assertThat(result.get("ttlMs").asInt()).isZero();
        assertThat(result.get("cacheScope").asText()).isEqualTo("private");
    }

    @Test
    void toolsListAndToolsCallWithoutASession() throws Exception {
        HttpResponse<String> list = modern("everything", "alice", "l-1", "tools/list", null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode tools = response(list);
        assertThat(tools.get("id").asText()).isEqualTo("l-1");
        assertThat(tools.at("/result/tools").findValuesAsText("name")).contains("echo");
        assertThat(tools.at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(tools.at("/result/cacheScope").asText()).isEqualTo("private");

        HttpResponse<String> echo = modern("everything", "alice", 7, "tools/call", "echo",
                "{\"name\":\"echo\",\"arguments\":{\"message\":\"stateless\"}}");
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(response(echo).get("id").asInt()).isEqualTo(7);
        assertThat(response(echo).at("/result/content/0/text").asText()).isEqualTo("Echo: stateless");
        assertThat(response(echo).at("/result/resultType").asText()).isEqualTo("complete");
    }

    @Test
    void bothErasInterleavedOnTheSameServiceUrl() throws Exception {
        String session = client.open("everything", "bob");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> legacy = client.post("everything", "bob", session, call(i, "echo", "{\"message\":\"old-" + i + "\"}"),
                    Map.of("Accept", McpTestClient.BOTH, "MCP-Protocol-Version", "2025-06-18"));
            assertThat(legacy.statusCode()).isEqualTo(200);
            assertThat(response(legacy).at("/result/content/0/text").asText()).isEqualTo("Echo: old-" + i);
            assertThat(response(legacy).at("/result/resultType").isMissingNode()).isTrue();
            HttpResponse<String> modern = modern("everything", "bob", i, "tools/call", "echo",
                    "{\"name\":\"echo\",\"arguments\":{\"message\":\"new-" + i + "\"}}");
            assertThat(modern.statusCode()).isEqualTo(200);
            assertThat(response(modern).at("/result/content/0/text").asText()).isEqualTo("Echo: new-" + i);
        }
        // the 2025-era answers stay what they were: no session → 400 -32000 (never a stateless-only code)
        HttpResponse<String> noSession = client.post("everything", "bob", null, call(9, "echo", "{\"message\":\"x\"}"),
                Map.of("Accept", McpTestClient.BOTH, "MCP-Protocol-Version", "2025-11-25"));
        assertThat(noSession.statusCode()).isEqualTo(400);
        assertThat(response(noSession).at("/error/code").asInt()).isEqualTo(-32000);
        HttpResponse<String> noHeaders = client.post("everything", "bob", null, call(9, "echo", "{\"message\":\"x\"}"));
        assertThat(noHeaders.statusCode()).isEqualTo(400);
        assertThat(response(noHeaders).at("/error/code").asInt()).isEqualTo(-32000);
        // a 2025-era GET is still the session's event stream (406 without Accept: text/event-stream, never 405)
        HttpResponse<String> get = client.send("GET", "everything", "bob", session, Map.of("Accept", "application/json",
                "MCP-Protocol-Version", "2025-11-25"));
        assertThat(get.statusCode()).isEqualTo(406);
    }

    @Test
    void headerBodyMismatchesAre400WithHeaderMismatch() throws Exception {
        String echo = "{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"}}";
        Map<String, Map<String, String>> cases = new java.util.LinkedHashMap<>();
        cases.put("Mcp-Method names another method", headers("prompts/list", null));
        cases.put("Mcp-Method missing", without(headers("tools/call", "echo"), "Mcp-Method"));
        cases.put("Mcp-Method in other case", headers("TOOLS/CALL", "echo"));
        cases.put("Mcp-Name names another tool", headers("tools/call", "wrong_tool_name"));
        cases.put("Mcp-Name missing", headers("tools/call", null));
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            HttpResponse<String> r = client.post("everything", "alice", null, body(31, "tools/call", echo), c.getValue());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(response(r).at("/error/code").asInt()).as(c.getKey()).isEqualTo(-32020);
            assertThat(response(r).get("id").asInt()).as(c.getKey()).isEqualTo(31);
            assertThat(r.body()).as(c.getKey()).doesNotContain("wrong_tool_name").doesNotContain("Exception");
        }
        // header names are case-insensitive and values are trimmed
        Map<String, String> spaced = new HashMap<>(Map.of("Accept", McpTestClient.BOTH, "mcp-protocol-version", V,
                "MCP-METHOD", "tools/call", "mcp-name", "  echo  "));
        HttpResponse<String> ok = client.post("everything", "alice", null, body(32, "tools/call", echo), spaced);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(response(ok).at("/result/content/0/text").asText()).isEqualTo("Echo: m");
        // _meta version differs from the header
        String otherMeta = body(33, "tools/list", null).replace("\"" + V + "\"", "\"v999.0.0\"");
        HttpResponse<String> meta = client.post("everything", "alice", null, otherMeta, headers("tools/list", null));
        assertThat(meta.statusCode()).isEqualTo(400);
        assertThat(response(meta).at("/error/code").asInt()).isEqualTo(-32020);
    }

    @Test
    void missingMetaIsInvalidParamsAndAnUnknownVersionIsUnsupported() throws Exception {
        HttpResponse<String> noMeta = client.post("everything", "alice", null,
                "{\"jsonrpc\":\"2.0\",\"id\":101,\"method\":\"server/discover\",\"params\":{}}", headers("server/discover", null));
        assertThat(noMeta.statusCode()).isEqualTo(400);
        assertThat(response(noMeta).at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(response(noMeta).get("id").asInt()).isEqualTo(101);

        String v999 = body(301, "server/discover", null).replace("\"" + V + "\"", "\"v999.0.0\"");
        Map<String, String> h = headers("server/discover", null);
        h.put("MCP-Protocol-Version", "v999.0.0");
        HttpResponse<String> unsupported = client.post("everything", "alice", null, v999, h);
        assertThat(unsupported.statusCode()).isEqualTo(400);
        JsonNode error = response(unsupported).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32022);
        assertThat(error.at("/data/requested").asText()).isEqualTo("v999.0.0");
        assertThat(Json.MAPPER.convertValue(error.at("/data/supported"), List.class)).contains(V);
    }

    @Test
    void removedAndUnknownMethodsAre404MethodNotFound() throws Exception {
        for (String method : List.of("initialize", "ping", "logging/setLevel", "resources/subscribe", "unknown/method")) {
            HttpResponse<String> r = modern("everything", "alice", 500, method, null, null);
            assertThat(r.statusCode()).as(method).isEqualTo(404);
            assertThat(response(r).at("/error/code").asInt()).as(method).isEqualTo(-32601);
            assertThat(response(r).get("id").asInt()).as(method).isEqualTo(500);
        }
    }

    @Test
    void getAndDeleteWithTheStatelessVersionAre405() throws Exception {
        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> r = client.send(method, "everything", "alice", null,
                    Map.of("MCP-Protocol-Version", V, "Accept", "text/event-stream"));
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(method).contains("POST");
        }
        HttpResponse<String> batch = client.post("everything", "alice", null,
                "[" + body(1, "tools/list", null) + "]", headers("tools/list", null));
        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(response(batch).at("/error/code").asInt()).isEqualTo(-32600);
    }

    @Test
    void aStatelessRequestNeverReachesAnotherUsersWarmChild() throws Exception {
        HttpResponse<String> create = modern("memory", "dave", 1, "tools/call", "create_entities",
                "{\"name\":\"create_entities\",\"arguments\":{\"entities\":[{\"name\":\"DaveOnly\",\"entityType\":\"note\","
                        + "\"observations\":[\"secret\"]}]}}");
        assertThat(create.statusCode()).isEqualTo(200);
        assertThat(response(create).has("result")).isTrue();
        HttpResponse<String> dave = modern("memory", "dave", 2, "tools/call", "read_graph", "{\"name\":\"read_graph\",\"arguments\":{}}");
        assertThat(response(dave).at("/result/content/0/text").asText()).contains("DaveOnly");
        HttpResponse<String> erin = modern("memory", "erin", 2, "tools/call", "read_graph", "{\"name\":\"read_graph\",\"arguments\":{}}");
        assertThat(erin.statusCode()).isEqualTo(200);
        assertThat(erin.body()).doesNotContain("DaveOnly");
    }

    @Test
    void theWarmChildIsOneSessionOfTheUserReusedAcrossRequests() throws Exception {
        SessionRegistry sessions = gw.bean("mcpSessions", SessionRegistry.class);
        modern("everything", "frank", 1, "tools/list", null, null);
        int after1 = sessions.count("frank", "everything");
        for (int i = 0; i < 3; i++) {
            assertThat(modern("everything", "frank", i, "tools/list", null, null).statusCode()).isEqualTo(200);
        }
        assertThat(after1).isEqualTo(1);
        assertThat(sessions.count("frank", "everything")).isEqualTo(1);
    }

    @Test
    void progressArrivesAsSseBeforeTheResult() throws Exception {
        HttpResponse<String> r = modern("everything", "alice", 8, "tools/call", "trigger-long-running-operation",
                "{\"name\":\"trigger-long-running-operation\",\"arguments\":{\"duration\":0.5,\"steps\":2},"
                        + "\"_meta\":{\"progressToken\":\"p-8\"}}");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<JsonNode> msgs = McpTestClient.messages(r);
        assertThat(msgs.get(0).get("method").asText()).isEqualTo("notifications/progress");
        assertThat(msgs.get(msgs.size() - 1).get("id").asInt()).isEqualTo(8);
        assertThat(msgs.get(msgs.size() - 1).at("/result/resultType").asText()).isEqualTo("complete");
    }

    static Map<String, String> without(Map<String, String> h, String name) {
        Map<String, String> copy = new HashMap<>(h);
        copy.remove(name);
        return copy;
    }
}
