package io.mcpgw.mcp.stateless;

import io.mcpgw.mcp.jsonrpc.ProtocolVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The names and codes of the stateless MCP revision (2026-07-28: no {@code initialize}, no session, every POST
 * carries {@code MCP-Protocol-Version}, {@code Mcp-Method} and, for named targets, {@code Mcp-Name}; the request's
 * {@code params._meta} carries the protocol version and the client's capabilities).
 *
 * <p>Rule: this class is the one list of the stateless revisions the gateway serves and of the methods it forwards
 * to a warm child; a method outside {@link #FORWARDED} (a removed one such as {@code initialize} or {@code ping},
 * or an unknown one) is answered 404 with -32601.
 */
public final class StatelessProtocol {
    /** The stateless revisions, oldest first. */
    public static final List<String> VERSIONS = List.of("2026-07-28");
    public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    public static final String META_LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    public static final String META_PREFIX = "io.modelcontextprotocol/";

    /** Header and body disagree (or a required header is missing): HTTP 400. */
    public static final int HEADER_MISMATCH = -32020;
    /** The request needs a client capability it did not declare: HTTP 400. */
    public static final int MISSING_CLIENT_CAPABILITY = -32021;
    /** The requested revision is not served here: HTTP 400, {@code data} names the supported and requested ones. */
    public static final int UNSUPPORTED_VERSION = -32022;
    public static final int INVALID_PARAMS = -32602;
    public static final int METHOD_NOT_FOUND = -32601;

    public static final String DISCOVER = "server/discover";
    /** Methods answered by the warm child (the rest of the stateless revision's methods are not served here). */
    public static final Set<String> FORWARDED = Set.of("tools/list", "tools/call", "resources/list", "resources/read",
            "resources/templates/list", "prompts/list", "prompts/get", "completion/complete");
    /** Results the revision requires caching hints on ({@code ttlMs}, {@code cacheScope}). */
    public static final Set<String> CACHEABLE = Set.of(DISCOVER, "tools/list", "prompts/list", "resources/list",
            "resources/templates/list", "resources/read");

    private StatelessProtocol() {
    }

    public static boolean stateless(String version) {
        return version != null && VERSIONS.contains(version);
    }

    /** Every revision this endpoint speaks: the session-based Streamable HTTP ones and the stateless ones. */
    public static List<String> supportedVersions() {
        List<String> all = new ArrayList<>(ProtocolVersions.STREAMABLE_HTTP);
        all.addAll(VERSIONS);
        return List.copyOf(all);
    }

    /** The body field {@code Mcp-Name} mirrors for {@code method}, or null when the method names no target. */
    public static String nameField(String method) {
        if ("tools/call".equals(method) || "prompts/get".equals(method)) {
            return "name";
        }
        return "resources/read".equals(method) ? "uri" : null;
    }
}
