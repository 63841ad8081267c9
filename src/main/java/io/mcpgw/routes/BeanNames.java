package io.mcpgw.routes;

/**
 * The names under which {@code io.mcpgw.GatewayConfiguration} binds the beans the YAML routes call ({@code ref:} in
 * {@code routes/*.camel.yaml}) and the few shared objects a test or an added route may look up. The one list of
 * them: {@code BeanNamesTest} checks that every {@code ref:} of the route files is here and bound. Java code gets
 * its collaborators through constructors, never by looking a name up.
 */
public final class BeanNames {
    // --- beans the YAML routes call
    public static final String READ_OAUTH_FORM = "readOAuthForm";
    public static final String AUTHENTICATE_CLIENT = "authenticateClient";
    public static final String GRANT_TOKENS = "grantTokens";
    public static final String REPLY_WITH_TOKENS = "replyWithTokens";
    public static final String REVOKE_TOKEN = "revokeToken";
    public static final String INTROSPECT_TOKEN = "introspectToken";
    public static final String JWKS_ENDPOINT = "jwksEndpoint";
    public static final String AUTHORIZE_ENDPOINT = "authorizeEndpoint";
    public static final String REGISTRATION = "registration";
    public static final String DISCOVERY = "discovery";
    public static final String PROTECTED_RESOURCE_ENDPOINT = "protectedResourceEndpoint";
    public static final String VERIFY_ENDPOINT = "verifyEndpoint";
    public static final String HEALTH = "health";
    /** CORS of the OAuth endpoints browser-based clients call ({@code MCP_CORS_ORIGINS}). */
    public static final String CORS_POLICY = "corsPolicy";
    /** Bound by the MCP bridge (roles all and services). */
    public static final String MCP_HEALTH = "mcpHealth";

    // --- the steps of the MCP route template (routes/mcp-service.camel.yaml), bound by the MCP bridge
    public static final String MCP_SESSION_QUOTA = "mcpSessionQuota";
    public static final String MCP_ORIGIN = "mcpOrigin";
    public static final String MCP_JSON_RPC = "mcpJsonRpc";
    public static final String MCP_SESSION = "mcpSession";
    public static final String MCP_PROTOCOL_VERSION = "mcpProtocolVersion";
    public static final String MCP_PROTOCOL_ERA = "mcpProtocolEra";
    public static final String MCP_ACCESS_GUARD = "mcpAccessGuard";
    public static final String MCP_READ_BODY = "mcpReadBody";

    // --- shared objects (tests, added routes)
    public static final String SETTINGS = "gatewaySettings";
    public static final String STATE_STORE = "stateStore";
    public static final String RESOURCE_CATALOG = "resourceCatalog";
    public static final String CLIENT_REPOSITORY = "clientRepository";
    public static final String AUTHORIZATION_CODE_STORE = "authorizationCodeStore";
    public static final String SIGNING_KEYS = "signingKeys";
    public static final String GRANT_STORE = "grantStore";
    public static final String ACCESS_GUARD = "accessGuard";
    /** The gateway's meters ({@code io.mcpgw.metrics.GatewayMetrics}). */
    public static final String METRICS = "gatewayMetrics";
    /** Camel's platform-http-vertx reads the Vert.x options (worker pool size) under this name. */
    public static final String VERTX_OPTIONS = "vertxOptions";

    private BeanNames() {
    }
}
