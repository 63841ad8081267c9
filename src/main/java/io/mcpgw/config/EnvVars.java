package io.mcpgw.config;

import java.util.List;

/** Names of the environment variables the README documents (and the deployment roles of docs/DEPLOY.md). */
public final class EnvVars {

    public static final String GATEWAY_BIND = "GATEWAY_BIND";
    public static final String GATEWAY_PORT = "GATEWAY_PORT";
    public static final String GATEWAY_ISSUER = "GATEWAY_ISSUER";
    public static final String BASE_DOMAIN = "BASE_DOMAIN";
    public static final String REDIS_URL = "REDIS_URL";
    public static final String REDIS_PASSWORD = "REDIS_PASSWORD";
    public static final String GITHUB_CLIENT_ID = "GITHUB_CLIENT_ID";
    public static final String GITHUB_CLIENT_SECRET = "GITHUB_CLIENT_SECRET";
    public static final String GITHUB_OAUTH_URL = "GITHUB_OAUTH_URL";
    public static final String GITHUB_API_URL = "GITHUB_API_URL";
    public static final String ALLOWED_GITHUB_USERS = "ALLOWED_GITHUB_USERS";
    public static final String ALLOWED_GITHUB_ORGS = "ALLOWED_GITHUB_ORGS";
    public static final String ALLOWED_GITHUB_TEAMS = "ALLOWED_GITHUB_TEAMS";
    public static final String OIDC_ISSUER = "OIDC_ISSUER";
    public static final String OIDC_CLIENT_ID = "OIDC_CLIENT_ID";
    public static final String OIDC_CLIENT_SECRET = "OIDC_CLIENT_SECRET";
    public static final String OIDC_SCOPES = "OIDC_SCOPES";
    public static final String OIDC_GROUPS_CLAIM = "OIDC_GROUPS_CLAIM";
    public static final String OIDC_AUTH_PARAMS = "OIDC_AUTH_PARAMS";
    public static final String ALLOWED_OIDC_USERS = "ALLOWED_OIDC_USERS";
    public static final String ALLOWED_OIDC_GROUPS = "ALLOWED_OIDC_GROUPS";
    public static final String ENTITLEMENT_RECHECK = "ENTITLEMENT_RECHECK";
    public static final String UPSTREAM_TOKEN_KEY = "UPSTREAM_TOKEN_KEY";
    public static final String ACCESS_TOKEN_LIFETIME = "ACCESS_TOKEN_LIFETIME";
    public static final String REFRESH_TOKEN_LIFETIME = "REFRESH_TOKEN_LIFETIME";
    public static final String AUTH_CODE_LIFETIME = "AUTH_CODE_LIFETIME";
    public static final String CLIENT_LIFETIME = "CLIENT_LIFETIME";
    public static final String SESSION_TIMEOUT = "SESSION_TIMEOUT";
    public static final String JWT_PRIVATE_KEY_B64 = "JWT_PRIVATE_KEY_B64";
    public static final String JWT_SIGNING_ALG = "JWT_SIGNING_ALG";
    public static final String JWT_CRYPTO_PROVIDER = "JWT_CRYPTO_PROVIDER";
    public static final String MCP_CORS_ORIGINS = "MCP_CORS_ORIGINS";
    public static final String MCP_MAX_SESSIONS_PER_USER = "MCP_MAX_SESSIONS_PER_USER";
    public static final String MCP_MAX_SESSIONS = "MCP_MAX_SESSIONS";
    public static final String REGISTER_RATE_LIMIT = "REGISTER_RATE_LIMIT";
    public static final String GATEWAY_SERVICES_DIR = "GATEWAY_SERVICES_DIR";
    public static final String GATEWAY_TRUSTED_PROXIES = "GATEWAY_TRUSTED_PROXIES";
    public static final String GATEWAY_ROLE = "GATEWAY_ROLE";
    public static final String GATEWAY_SERVICES = "GATEWAY_SERVICES";
    public static final String MCP_CHILD_USER = "MCP_CHILD_USER";
    public static final String CIMD_ENABLED = "CIMD_ENABLED";
    public static final String CIMD_ALLOW_PRIVATE = "CIMD_ALLOW_PRIVATE";
    public static final String CIMD_CA_FILE = "CIMD_CA_FILE";
    public static final String GATEWAY_ADMIN_FILE = "GATEWAY_ADMIN_FILE";
    public static final String USER_REVOCATION_CHECK_MS = "USER_REVOCATION_CHECK_MS";
    public static final String GATEWAY_INTERNAL_URL = "GATEWAY_INTERNAL_URL";
    public static final String GATEWAY_CLUSTER_SECRET = "GATEWAY_CLUSTER_SECRET";
    public static final String METRICS_PORT = "METRICS_PORT";
    public static final String METRICS_BIND = "METRICS_BIND";
    public static final String METRICS_PATH = "METRICS_PATH";
    public static final String GATEWAY_LOG_FORMAT = "GATEWAY_LOG_FORMAT";
    public static final String AUDIT_LOG_FILE = "AUDIT_LOG_FILE";

    /** Every variable, in the order of the README's configuration table (also the order problems are reported in). */
    public static final List<String> ALL = List.of(GATEWAY_BIND, GATEWAY_PORT, GATEWAY_ISSUER, BASE_DOMAIN, REDIS_URL,
            REDIS_PASSWORD, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, GITHUB_OAUTH_URL, GITHUB_API_URL, ALLOWED_GITHUB_USERS,
            ALLOWED_GITHUB_ORGS, ALLOWED_GITHUB_TEAMS, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_SCOPES,
            OIDC_GROUPS_CLAIM, OIDC_AUTH_PARAMS, ALLOWED_OIDC_USERS, ALLOWED_OIDC_GROUPS, ENTITLEMENT_RECHECK, UPSTREAM_TOKEN_KEY,
            ACCESS_TOKEN_LIFETIME, REFRESH_TOKEN_LIFETIME, AUTH_CODE_LIFETIME, CLIENT_LIFETIME, SESSION_TIMEOUT,
            JWT_PRIVATE_KEY_B64, JWT_SIGNING_ALG, JWT_CRYPTO_PROVIDER, MCP_CORS_ORIGINS, MCP_MAX_SESSIONS_PER_USER, MCP_MAX_SESSIONS, REGISTER_RATE_LIMIT,
            GATEWAY_SERVICES_DIR, GATEWAY_TRUSTED_PROXIES, GATEWAY_ROLE, GATEWAY_SERVICES, MCP_CHILD_USER,
            CIMD_ENABLED, CIMD_ALLOW_PRIVATE, CIMD_CA_FILE, GATEWAY_ADMIN_FILE, USER_REVOCATION_CHECK_MS,
            GATEWAY_INTERNAL_URL, GATEWAY_CLUSTER_SECRET,

            METRICS_PORT, METRICS_BIND, METRICS_PATH, GATEWAY_LOG_FORMAT, AUDIT_LOG_FILE);

    private EnvVars() {
    }
}
