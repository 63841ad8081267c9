package io.mcpgw.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of the JSON-RPC side of the MCP bridge: the untrusted-JSON parser and the message
 * classifier. Parsing either yields a tree or a {@link JsonProcessingException} (the caller's 400/-32700);
 * classifying never throws, and a message classified as a request, notification or response has exactly the shape
 * JSON-RPC 2.0 gives it. Inputs tried: truncated JSON, 5000-deep nesting, huge numbers, lone surrogates, BOMs,
 * wrong {@code jsonrpc} versions, ids of every JSON type, params that are scalars, both or neither of result/error (an {@code error} that is not an object does not count as one).
 */
class JsonRpcFuzzTest {

    @Property(tries = 1500)
    void untrustedTextParsesOrFailsWithAJsonError(@ForAll("texts") String text) {
        try {
            JsonNode node = Json.parseUntrusted(text);
            JsonRpc.kind(node);
        } catch (JsonProcessingException expected) {
            assertThat(expected.getOriginalMessage()).isNotNull();
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> json = Malformed.json().map(Json::write);
        Arbitrary<String> truncated = json.filter(s -> s.length() > 1).flatMap(s ->
                Arbitraries.integers().between(1, s.length() - 1).map(n -> s.substring(0, n)));
        Arbitrary<String> deep = Arbitraries.integers().between(900, 5000).flatMap(n ->
                Arbitraries.of("[", "{\"a\":").map(open -> open.repeat(n)));
        return Arbitraries.oneOf(json, truncated, deep, Malformed.text(), json.map(s -> "\uFEFF" + s));
    }

    @Property(tries = 2000)
    void theClassifierNeverThrowsAndNamesOnlyWellFormedMessages(@ForAll("messages") JsonNode message) {
        JsonRpc.Kind kind = JsonRpc.kind(message);
        if (kind == JsonRpc.Kind.INVALID) {
            return;
        }
        assertThat(message.get("jsonrpc").asText()).isEqualTo("2.0");
        JsonNode id = message.get("id");
        switch (kind) {
            case REQUEST -> {
                assertThat(JsonRpc.method(message)).isNotNull();
                assertThat(id.isTextual() || id.isIntegralNumber()).isTrue();
            }
            case NOTIFICATION -> {
                assertThat(JsonRpc.method(message)).isNotNull();
                assertThat(id).isNull();
            }
            case RESPONSE -> {
                assertThat(message.has("result") != message.get("error") instanceof ObjectNode).isTrue();
                assertThat(id.isTextual() || id.isIntegralNumber() || id.isNull()).isTrue();
            }
            default -> throw new AssertionError(kind);
        }
        ObjectNode error = JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "x");
        assertThat(error.at("/error/code").asInt()).isEqualTo(JsonRpc.INVALID_REQUEST);
    }

    @Provide
    Arbitrary<JsonNode> messages() {
        ObjectNode request = (ObjectNode) Json.read(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"},"
                        + "\"result\":{},\"error\":{\"code\":1,\"message\":\"m\"}}", JsonNode.class);
        return Arbitraries.oneOf(
                Malformed.mutate(request, java.util.List.of("jsonrpc", "id", "method", "params", "result", "error"))
                        .map(JsonNode.class::cast),
                Malformed.json());
    }
}
