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
 * @param servicesDir     folder of drop-in service route files, watched at run time
 * @param trustedProxies  peers whose X-Forwarded-* headers are believed ({@code GATEWAY_TRUSTED_PROXIES})
 * @param role            what this process serves ({@code GATEWAY_ROLE})
 * @param services        the MCP services this process serves ({@code GATEWAY_SERVICES})
 * @param tunables        the {@code gateway.*} Camel properties, validated with the variables
 * @param clientIdDocuments Client ID Metadata Documents ({@code CIMD_*})
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
        SigningAlgorithm jwtSigningAlg) {

    /** Signing with the default algorithm (RS256). */
    public GatewaySettings(String bind, int port, String issuer, Optional<String> baseDomain, Optional<Redis> redis,
            Optional<GitHub> github, Duration accessTokenLifetime, Duration refreshTokenLifetime,
            Duration authCodeLifetime, Optional<Duration> clientLifetime, Duration sessionTimeout,
            Optional<String> jwtPrivateKeyPem, Cors cors, int maxSessionsPerUser, int maxSessions,
            int registerRateLimit, Optional<Path> servicesDir, TrustedProxies trustedProxies, GatewayRole role,
            ServiceSelection services, Optional<ChildUser> childUser, GatewayTunables tunables,
            ClientIdDocuments clientIdDocuments) {
        this(bind, port, issuer, baseDomain, redis, github, accessTokenLifetime, refreshTokenLifetime,
                authCodeLifetime, clientLifetime, sessionTimeout, jwtPrivateKeyPem, cors, maxSessionsPerUser,
                maxSessions, registerRateLimit, servicesDir, trustedProxies, role, services, childUser, tunables,
                clientIdDocuments, SigningAlgorithm.DEFAULT);
    }

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
                         Set<String> allowedUsers, boolean anyUser) {
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
                    + ", allowedUsers=" + (anyUser ? "*" : allowedUsers) + "]";
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
        return github.isEmpty();
    }

    @Override
    public String toString() {
        return "GatewaySettings[bind=" + bind + ", port=" + port + ", issuer=" + issuer + ", baseDomain=" + baseDomain
                + ", redis=" + redis + ", github=" + github + ", accessTokenLifetime=" + accessTokenLifetime
                + ", refreshTokenLifetime=" + refreshTokenLifetime + ", authCodeLifetime=" + authCodeLifetime
                + ", clientLifetime=" + clientLifetime + ", sessionTimeout=" + sessionTimeout
                + ", jwtPrivateKey=" + (jwtPrivateKeyPem.isPresent() ? "***" : "generated")
                + ", jwtSigningAlg=" + jwtSigningAlg + ", cors=" + cors
                + ", maxSessionsPerUser=" + maxSessionsPerUser + ", maxSessions=" + maxSessions
                + ", registerRateLimit=" + registerRateLimit + ", servicesDir=" + servicesDir
                + ", trustedProxies=" + trustedProxies.ranges() + ", role=" + role.value() + ", services=" + services
                + ", clientIdDocuments=" + clientIdDocuments + "]";
    }
}
