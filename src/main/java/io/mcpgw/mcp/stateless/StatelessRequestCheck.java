package io.mcpgw.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import java.util.Optional;

/**
 * The checks of one stateless request, in this order (each answer carries the request's id):
 * <ol>
 *   <li>no {@code MCP-Protocol-Version} header: 400, {@value StatelessProtocol#HEADER_MISMATCH};</li>
 *   <li>{@code params._meta} without the protocol version or the client capabilities: 400,
 *       {@value StatelessProtocol#INVALID_PARAMS};</li>
 *   <li>the header's version differs from {@code _meta}'s: 400, {@value StatelessProtocol#HEADER_MISMATCH};</li>
 *   <li>a version this endpoint does not speak: 400, {@value StatelessProtocol#UNSUPPORTED_VERSION} with
 *       {@code data.supported} and {@code data.requested};</li>
 *   <li>{@code Mcp-Method} missing or not exactly the body's method (values are case-sensitive, surrounding
 *       whitespace is ignored): 400, {@value StatelessProtocol#HEADER_MISMATCH};</li>
 *   <li>{@code Mcp-Name} missing while the body names a tool, prompt or resource, or not exactly that name: 400,
 *       {@value StatelessProtocol#HEADER_MISMATCH}.</li>
 * </ol>
 * Header values are never echoed into an error message (they are the client's input, of any length).
 */
public final class StatelessRequestCheck {
    private StatelessRequestCheck() {
    }

    /**
     * @param version the {@code MCP-Protocol-Version} header or null; {@code mcpMethod}, {@code mcpName} likewise
     * @return the refusal, or empty when the request may be served
     */
    public static Optional<StatelessRejection> check(String version, String mcpMethod, String mcpName, ObjectNode message) {
        if (version == null || version.isBlank()) {
            return mismatch("Missing MCP-Protocol-Version header");
        }
        String headerVersion = version.trim();
        JsonNode meta = message.path("params").path("_meta");
        JsonNode metaVersion = meta.get(StatelessProtocol.META_PROTOCOL_VERSION);
        if (metaVersion == null || !metaVersion.isTextual() || !meta.path(StatelessProtocol.META_CLIENT_CAPABILITIES).isObject()) {
            return Optional.of(StatelessRejection.badRequest(StatelessProtocol.INVALID_PARAMS, "Invalid params: _meta must "
                    + "carry " + StatelessProtocol.META_PROTOCOL_VERSION + " and " + StatelessProtocol.META_CLIENT_CAPABILITIES));
        }
        if (!metaVersion.textValue().equals(headerVersion)) {
            return mismatch("MCP-Protocol-Version header does not match _meta " + StatelessProtocol.META_PROTOCOL_VERSION);
        }
        if (!StatelessProtocol.stateless(headerVersion)) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            ArrayNode supported = data.putArray("supported");
            StatelessProtocol.supportedVersions().forEach(supported::add);
            data.put("requested", headerVersion);
            return Optional.of(new StatelessRejection(400, StatelessProtocol.UNSUPPORTED_VERSION,
                    "Unsupported protocol version", data));
        }
        String method = JsonRpc.method(message);
        if (mcpMethod == null) {
            return mismatch("Missing Mcp-Method header");
        }
        if (!mcpMethod.trim().equals(method)) {
            return mismatch("Mcp-Method header does not match the body's method");
        }
        String field = StatelessProtocol.nameField(method);
        JsonNode bodyName = field == null ? null : message.path("params").get(field);
        String name = bodyName != null && bodyName.isTextual() ? bodyName.textValue() : null;
        if (name != null && mcpName == null) {
            return mismatch("Missing Mcp-Name header");
        }
        if (mcpName != null && !mcpName.trim().equals(name)) {
            return mismatch("Mcp-Name header does not match the body's params." + (field == null ? "name" : field));
        }
        return Optional.empty();
    }

    private static Optional<StatelessRejection> mismatch(String message) {
        return Optional.of(StatelessRejection.badRequest(StatelessProtocol.HEADER_MISMATCH, "Header mismatch: " + message));
    }
}
