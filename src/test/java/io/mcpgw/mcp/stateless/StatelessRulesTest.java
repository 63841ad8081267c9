package io.mcpgw.mcp.stateless;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The framework-free rules of the stateless revision: era detection, request checks, discover and result shapes. */
class StatelessRulesTest {
    static final String V = "2026-07-28";

    static JsonNode parse(String json) {
        try {
            return Json.parseUntrusted(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode message(String method, String paramsJson) {
        return (ObjectNode) parse("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"" + method + "\",\"params\":"
                + paramsJson + "}");
    }

    static ObjectNode modern(String method, String extraParams) {
        return message(method, "{" + extraParams + (extraParams.isEmpty() ? "" : ",") + "\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"" + V + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}");
    }

    @Test
    void aSessionOrASessionBasedVersionHeaderIsNeverStateless() {
        ObjectNode m = modern("tools/list", "");
        assertThat(ProtocolEra.of("some-session", V, m)).isEqualTo(ProtocolEra.SESSION_BASED);
        assertThat(ProtocolEra.of(null, "2025-11-25", m)).isEqualTo(ProtocolEra.SESSION_BASED);
        assertThat(ProtocolEra.of(null, null, message("tools/list", "{}"))).isEqualTo(ProtocolEra.SESSION_BASED);
        assertThat(ProtocolEra.of(null, "garbage", message("tools/list", "{}"))).isEqualTo(ProtocolEra.SESSION_BASED);
        assertThat(ProtocolEra.of(null, null, null)).isEqualTo(ProtocolEra.SESSION_BASED);
        assertThat(ProtocolEra.of(null, "2025-06-18", null)).isEqualTo(ProtocolEra.SESSION_BASED);
    }

    @Test
    void theStatelessVersionHeaderOrItsMetaMakeARequestStateless() {
        assertThat(ProtocolEra.of(null, V, null)).isEqualTo(ProtocolEra.STATELESS);
        assertThat(ProtocolEra.of(null, " " + V + " ", message("tools/list", "{}"))).isEqualTo(ProtocolEra.STATELESS);
        assertThat(ProtocolEra.of(null, "v999.0.0", modern("tools/list", ""))).isEqualTo(ProtocolEra.STATELESS);
        assertThat(ProtocolEra.of(null, null, modern("tools/list", ""))).isEqualTo(ProtocolEra.STATELESS);
    }

    static Optional<StatelessRejection> check(String version, String method, String name, ObjectNode m) {
        return StatelessRequestCheck.check(version, method, name, m);
    }

    @Test
    void aWellFormedRequestPasses() {
        assertThat(check(V, "tools/list", null, modern("tools/list", ""))).isEmpty();
        assertThat(check(V, " tools/call ", "\techo ", modern("tools/call", "\"name\":\"echo\""))).isEmpty();
        assertThat(check(V, "resources/read", "file:///a b", modern("resources/read", "\"uri\":\"file:///a b\""))).isEmpty();
    }

    @Test
    void eachBadInputGetsItsCode() {
        // bad inputs: no version header, no _meta, _meta without capabilities, _meta version ≠ header, unknown version,
        // no Mcp-Method, another method, another case, no Mcp-Name, another name, Mcp-Name on a method without target
        assertCode(check(null, "tools/list", null, modern("tools/list", "")), 400, -32020);
        assertCode(check(V, "tools/list", null, message("tools/list", "{}")), 400, -32602);
        assertCode(check(V, "tools/list", null, message("tools/list",
                "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + V + "\"}}")), 400, -32602);
        assertCode(check(V, "tools/list", null, message("tools/list", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"v999.0.0\",\"io.modelcontextprotocol/clientCapabilities\":{}}}")), 400, -32020);
        ObjectNode v999 = message("tools/list", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"v999.0.0\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}");
        StatelessRejection unsupported = check("v999.0.0", "tools/list", null, v999).orElseThrow();
        assertCode(Optional.of(unsupported), 400, -32022);
        JsonNode response = unsupported.response(Json.MAPPER.valueToTree(5));
        assertThat(response.get("id").asInt()).isEqualTo(5);
        assertThat(response.at("/error/data/requested").asText()).isEqualTo("v999.0.0");
        assertThat(response.at("/error/data/supported").toString()).contains(V);
        assertCode(check(V, null, null, modern("tools/list", "")), 400, -32020);
        assertCode(check(V, "prompts/list", null, modern("tools/list", "")), 400, -32020);
        assertCode(check(V, "TOOLS/LIST", null, modern("tools/list", "")), 400, -32020);
        assertCode(check(V, "tools/call", null, modern("tools/call", "\"name\":\"echo\"")), 400, -32020);
        assertCode(check(V, "tools/call", "wrong_tool_name", modern("tools/call", "\"name\":\"echo\"")), 400, -32020);
        assertCode(check(V, "tools/list", "echo", modern("tools/list", "")), 400, -32020);
        assertThat(check(V, "tools/call", "wrong_tool_name", modern("tools/call", "\"name\":\"echo\"")).orElseThrow()
                .message()).doesNotContain("wrong_tool_name");
    }

    static void assertCode(Optional<StatelessRejection> r, int status, int code) {
        assertThat(r).isPresent();
        assertThat(r.get().status()).isEqualTo(status);
        assertThat(r.get().code()).isEqualTo(code);
    }

    @Test
    void discoverKeepsWhatAStatelessClientCanUse() {
        JsonNode init = parse("{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{\"listChanged\":true},"
                + "\"resources\":{\"subscribe\":true,\"listChanged\":true},\"logging\":{},\"tasks\":{\"list\":{}},"
                + "\"completions\":{}},\"serverInfo\":{\"name\":\"s\",\"version\":\"1\"},\"instructions\":\"use echo\"}");
        ObjectNode result = DiscoverAnswer.result(init);
        assertThat(result.get("resultType").asText()).isEqualTo("complete");
        assertThat(result.get("supportedVersions").toString()).contains("2025-11-25", V);
        assertThat(result.get("capabilities").toString()).isEqualTo("{\"tools\":{},\"resources\":{},\"completions\":{}}");
        assertThat(result.get("instructions").asText()).isEqualTo("use echo");
        assertThat(result.get("ttlMs").asInt()).isZero();
        assertThat(result.get("cacheScope").asText()).isEqualTo("private");
        assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asText()).isEqualTo("s");
    }

    @Test
    void resultsGetTheirTypeAndCachingHintsAndErrorsStayAsTheyAre() {
        JsonNode info = parse("{\"name\":\"s\",\"version\":\"1\"}");
        ObjectNode list = (ObjectNode) parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}");
        StatelessResult.complete(list, "tools/list", info);
        assertThat(list.at("/result/resultType").asText()).isEqualTo("complete");
        assertThat(list.at("/result/ttlMs").asInt()).isZero();
        assertThat(list.at("/result/cacheScope").asText()).isEqualTo("private");
        ObjectNode call = (ObjectNode) parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[],"
                + "\"ttlMs\":5,\"_meta\":{\"k\":1}}}");
        StatelessResult.complete(call, "tools/call", info);
        assertThat(call.at("/result/cacheScope").isMissingNode()).isTrue();
        assertThat(call.at("/result/_meta/k").asInt()).isEqualTo(1);
        assertThat(call.at("/result/_meta/io.modelcontextprotocol~1serverInfo/name").asText()).isEqualTo("s");
        ObjectNode error = (ObjectNode) parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"m\"}}");
        String before = error.toString();
        assertThat(StatelessResult.complete(error, "tools/list", info).toString()).isEqualTo(before);
        assertThat(StatelessResult.httpStatus(error)).isEqualTo(404);
        assertThat(StatelessResult.httpStatus(list)).isEqualTo(200);
    }
}
