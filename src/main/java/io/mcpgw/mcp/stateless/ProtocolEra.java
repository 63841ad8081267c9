package io.mcpgw.mcp.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.mcp.jsonrpc.ProtocolVersions;

/**
 * Which revision family a request to an MCP endpoint belongs to, by the backward-compatibility rules of the
 * stateless revision: one endpoint serves both.
 *
 * <p>Rules: a request with {@code Mcp-Session-Id} is session-based, always. Without one, a request is stateless when
 * its {@code MCP-Protocol-Version} header names a stateless revision, or when its body's {@code params._meta}
 * carries {@value StatelessProtocol#META_PROTOCOL_VERSION} and the header does not name a session-based revision.
 * Everything else is session-based and is answered exactly as before (a non-{@code initialize} POST without a
 * session stays a 400 with -32000), so a 2025-era client never sees a stateless-only error code.
 */
public enum ProtocolEra {
    SESSION_BASED,
    STATELESS;

    /**
     * @param sessionId the {@code Mcp-Session-Id} header, or null
     * @param version   the {@code MCP-Protocol-Version} header, or null
     * @param message   the JSON-RPC message of a POST, or null (GET, DELETE, a batch)
     */
    public static ProtocolEra of(String sessionId, String version, JsonNode message) {
        if (sessionId != null) {
            return SESSION_BASED;
        }
        String v = version == null ? null : version.trim();
        if (StatelessProtocol.stateless(v)) {
            return STATELESS;
        }
        if (ProtocolVersions.supported(v) || message == null) {
            return SESSION_BASED;
        }
        JsonNode meta = message.path("params").path("_meta");
        return meta.has(StatelessProtocol.META_PROTOCOL_VERSION) ? STATELESS : SESSION_BASED;
    }
}
