package io.mcpgw.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of the gateway, read once at start-up from the environment (see the README's configuration table) by
 * {@link SettingsLoader}, validated as a whole, and immutable afterwards.
 *
 * @param bind            listen address ({@code GATEWAY_BIND})
 * @param port            listen port ({@code GATEWAY_PORT})
 * @param issuer          public base URL of the authorization server, no trailing slash ({@code GATEWAY_ISSUER})
 * @param baseDomain      deployment domain behind Traefik; services then live at {@code https://mcp-{service}.{baseDomain}/mcp}
 * @param redis           present when {@code REDIS_URL} is set; absent = embedded in-memory store
 * @param github          present when {@code GITHUB_CLIENT_ID} is set; absent = local development login
 * @param clientLifetime  empty = registered clients never expire ({@code CLIENT_LIFETIME=0})
 * @param jwtPrivateKeyPem PEM text decoded from {@code JWT_PRIVATE_KEY_B64}; empty = generated once and kept in the store
 * @param jwtSigningAlg   the algorithm new access tokens are signed with ({@code JWT_SIGNING_ALG}, default RS256)
 * @param jwtCryptoProvider what signs and verifies them ({@code JWT_CRYPTO_PROVIDER}: {@code auto}, the default, or
 *                        {@code jdk})
 * @param servicesDir     folder of drop-in service route files, watched at run time
 * @param trustedProxies  peers whose X-Forwarded-* headers are believed ({@code GATEWAY_TRUSTED_PROXIES})
 * @param role            what this process serves ({@code GATEWAY_ROLE})
 * @param services        the MCP services this process serves ({@code GATEWAY_SERVICES})
 * @param tunables        the {@code gateway.*} Camel properties, validated with the variables
 * @param clientIdDocuments Client ID Metadata Documents ({@code CIMD_*})
 * @param admin           the operator surface ({@code GATEWAY_ADMIN_FILE}, {@code USER_REVOCATION_CHECK_MS})
 * @param scaleOut        present when {@code GATEWAY_INTERNAL_URL} is set: MCP sessions are recorded in the shared
 *                        store and requests for another replica's session are forwarded to it
 * @param oidc            present when {@code OIDC_ISSUER} is set: any OpenID Connect provider as the upstream login
 *                        (never together with {@code github})
 * @param entitlements    how often the access rules are re-checked with the upstream, and the key that encrypts
 *                        the upstream tokens kept for it
 * @param observability   metrics endpoint, log format and audit log file ({@code METRICS_*}, {@code GATEWAY_LOG_FORMAT},
 *                        {@code AUDIT_LOG_FILE})
 */
public record GatewaySettings(
        String bind,
        int port,
        String issuer,
        Optional<String> baseDomain,
        Optional<Redis> redis,
        Optional<GitHub> github,
        Duration accessTokenLifetime,
        Duration refreshTokenLifetime,
        Duration authCodeLifetime,
        Optional<Duration> clientLifetime,
        Duration sessionTimeout,
        Optional<String> jwtPrivateKeyPem,
        Cors cors,
        int maxSessionsPerUser,
        int maxSessions,
        int registerRateLimit,
        Optional<Path> servicesDir,
        TrustedProxies trustedProxies,
        GatewayRole role,
        ServiceSelection services,
        Optional<ChildUser> childUser,
        GatewayTunables tunables,
        ClientIdDocuments clientIdDocuments,
        AdminSettings admin,
        Optional<ScaleOut> scaleOut,
        Optional<Oidc> oidc,
        Entitlements entitlements,
        Observability observability,

        SigningAlgorithm jwtSigningAlg,
        JwtCryptoProvider jwtCryptoProvider) {

    /**
     * {@code REDIS_URL} (user information removed from the URL) and the password from the URL or
     * {@code REDIS_PASSWORD}.
     *
     * @param username ACL user name from {@code redis://user:password@host}; empty = the default user
     */
    public record Redis(String url, Optional<String> password, Optional<String> username) {

        /** Without ACL user name. */
        public Redis(String url, Optional<String> password) {
            this(url, password, Optional.empty());
        }

 /** What the store connects with: URL, ACL user, password. */
        public RedisUrl connection() {
            return new RedisUrl(url, username, password);
        }

        @Override
        public String toString() {
            return "Redis[url=" + url + ", username=" + username.orElse("default") + ", password="
                    + (password.isPresent() ? "***" : "none") + "]";
        }
    }

    /**
     * The GitHub OAuth App used as upstream login.
     *
     * @param allowedUsers lower-cased logins and numeric ids as {@code id:1234}; ignored when {@code anyUser}
     */
    public record GitHub(String clientId, String clientSecret, String oauthUrl, String apiUrl,
                         Set<String> allowedUsers, boolean anyUser, Set<String> allowedOrgs,
                         Set<String> allowedTeams) {

        /** Users only ({@code ALLOWED_GITHUB_USERS}), no organization or team rule. */
        public GitHub(String clientId, String clientSecret, String oauthUrl, String apiUrl, Set<String> allowedUsers,
                      boolean anyUser) {
            this(clientId, clientSecret, oauthUrl, apiUrl, allowedUsers, anyUser, Set.of(), Set.of());
        }

        /** Whether membership of an organization or team can grant access (then GitHub is asked at every check). */
        public boolean hasMembershipRules() {
            return !allowedOrgs.isEmpty() || !allowedTeams.isEmpty();
        }

        /**
         * Whether the GitHub user with this numeric id and login may sign in: listed by id ({@code id:1234}, stable
         * for the life of the account) or by login (case-insensitive; a login can be renamed and re-registered by
         * someone else, so ids are the safer entry).
         */
        public boolean allows(String githubId, String login) {
            return anyUser || (githubId != null && allowedUsers.contains("id:" + githubId))
                    || (login != null && allowedUsers.contains(login.toLowerCase(java.util.Locale.ROOT)));
        }

        @Override
        public String toString() {
            return "GitHub[clientId=" + clientId + ", clientSecret=***, oauthUrl=" + oauthUrl + ", apiUrl=" + apiUrl
                    + ", allowedUsers=" + (anyUser ? "*" : allowedUsers) + ", allowedOrgs=" + allowedOrgs
                    + ", allowedTeams=" + allowedTeams + "]";
        }
    }

    /**
     * Any OpenID Connect provider as the upstream login ({@code OIDC_*}).
     *
     * @param issuer        the provider's issuer URL, exactly as its discovery document and id_tokens name it
     * @param scopes        requested scopes, {@code openid} always among them
     * @param groupsClaim   the claim (of the id_token, else of userinfo) that lists the user's groups
     * @param allowedUsers  lower-cased emails and {@code sub:<subject>} entries; ignored when {@code anyUser}
     * @param allowedGroups group names, compared exactly
     * @param authParams    extra parameters of the authorization request ({@code OIDC_AUTH_PARAMS}, e.g. Google's
     *                      {@code access_type=offline})
     */
    public record Oidc(String issuer, String clientId, String clientSecret, List<String> scopes, String groupsClaim,
                       Set<String> allowedUsers, boolean anyUser, Set<String> allowedGroups,
                       java.util.Map<String, String> authParams) {

        /** Whether this user (subject, email, groups from the provider) may use the gateway. */
        public boolean allows(String subject, String email, List<String> groups) {
            return anyUser || (subject != null && allowedUsers.contains("sub:" + subject))
                    || (email != null && allowedUsers.contains(email.toLowerCase(java.util.Locale.ROOT)))
                    || (groups != null && groups.stream().anyMatch(allowedGroups::contains));
        }

        @Override
        public String toString() {
            return "Oidc[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret=***, scopes=" + scopes
                    + ", groupsClaim=" + groupsClaim + ", allowedUsers=" + (anyUser ? "*" : allowedUsers)
                    + ", allowedGroups=" + allowedGroups + ", authParams=" + authParams + "]";
        }
    }

    /**
     * @param recheck  the longest time between two checks of a user's access rule with the upstream
     *                 ({@code ENTITLEMENT_RECHECK})
     * @param tokenKey AES-256 key (32 bytes) encrypting the upstream tokens kept for those checks
     *                 ({@code UPSTREAM_TOKEN_KEY}); empty = generated once and kept in the store
     */
    public record Entitlements(Duration recheck, Optional<byte[]> tokenKey) {
        public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(300);

        @Override
        public String toString() {
            return "Entitlements[recheck=" + recheck + ", tokenKey=" + (tokenKey.isPresent() ? "***" : "generated") + "]";
        }
    }

    /** {@code MCP_CORS_ORIGINS}: exact origins, or any origin. Empty and not {@code any} = no CORS. */
    public record Cors(List<String> origins, boolean anyOrigin) {
        public static final Cors NONE = new Cors(List.of(), false);

        public boolean allows(String origin) {
            return origin != null && (anyOrigin || origins.contains(origin));
        }

        public boolean enabled() {
            return anyOrigin || !origins.isEmpty();
        }
    }

    /** True when the local development login is used instead of an upstream identity provider. */
    public boolean devLogin() {
        return github.isEmpty() && oidc.isEmpty();
    }

    @Override
    public String toString() {
        return "GatewaySettings[bind=" + bind + ", port=" + port + ", issuer=" + issuer + ", baseDomain=" + baseDomain
                + ", redis=" + redis + ", github=" + github + ", accessTokenLifetime=" + accessTokenLifetime
                + ", refreshTokenLifetime=" + refreshTokenLifetime + ", authCodeLifetime=" + authCodeLifetime
                + ", clientLifetime=" + clientLifetime + ", sessionTimeout=" + sessionTimeout
                + ", jwtPrivateKey=" + (jwtPrivateKeyPem.isPresent() ? "***" : "generated")
                + ", jwtSigningAlg=" + jwtSigningAlg + ", jwtCryptoProvider=" + jwtCryptoProvider + ", cors=" + cors
                + ", maxSessionsPerUser=" + maxSessionsPerUser + ", maxSessions=" + maxSessions
                + ", registerRateLimit=" + registerRateLimit + ", servicesDir=" + servicesDir
                + ", trustedProxies=" + trustedProxies.ranges() + ", role=" + role.value() + ", services=" + services
                + ", clientIdDocuments=" + clientIdDocuments + ", scaleOut=" + scaleOut + ", oidc=" + oidc
                + ", entitlements=" + entitlements + "]";
    }
}
