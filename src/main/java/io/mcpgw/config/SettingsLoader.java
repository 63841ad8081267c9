package io.mcpgw.config;

import static io.mcpgw.config.EnvVars.*;

import io.mcpgw.config.GatewaySettings.Cors;
import io.mcpgw.config.GatewaySettings.Entitlements;
import io.mcpgw.config.GatewaySettings.GitHub;
import io.mcpgw.config.GatewaySettings.Oidc;
import io.mcpgw.config.GatewaySettings.Redis;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@link GatewaySettings} from environment variables (the README's configuration table). Values are trimmed; blank
 * values count as unset. Every variable is checked before anything is reported, so one
 * {@link InvalidSettingsException} names every bad setting at once. Every secret can come from a file instead
 * ({@code REDIS_PASSWORD_FILE}, {@code JWT_PRIVATE_KEY_FILE}…: {@link SecretFiles}); {@code MCP_CHILD_USER} names
 * the user the MCP children run as.
 */
public final class SettingsLoader {

    static final String DEFAULT_BIND = "127.0.0.1";
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_GITHUB_OAUTH_URL = "https://github.com";
    static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";
    static final String SERVICES_FOLDER = "services";
    /** Largest accepted lifetime in seconds (about 68 years); keeps expiry arithmetic far from overflow. */
    static final long MAX_SECONDS = Integer.MAX_VALUE;
    /** RFC 6749 §4.1.2 recommends at most 10 minutes for authorization codes. */
    static final long MAX_AUTH_CODE_SECONDS = 600;
    static final String SET_AN_UPSTREAM = "set GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET/ALLOWED_GITHUB_USERS, or"
            + " OIDC_ISSUER/OIDC_CLIENT_ID/OIDC_CLIENT_SECRET/ALLOWED_OIDC_USERS";

    static final String DEV_LOGIN_ON_PUBLIC_BIND = "no upstream login configured: the local development login only"
            + " runs on a loopback bind; " + SET_AN_UPSTREAM + ", or bind to 127.0.0.1";

    static final String DEV_LOGIN_ON_PUBLIC_NAME = "no upstream login configured: the local development login has no"
            + " password and only runs for a local name (localhost, 127.0.0.1, [::1], *.localhost, *.test); "
            + SET_AN_UPSTREAM;

    static final String SERVICES_ROLE_NEEDS_REDIS = "must be set when GATEWAY_ROLE is services: tokens are checked"
            + " with the signing keys and revocations the authorization server keeps in the shared store";

    static final String SERVICES_ROLE_HAS_NO_SIGNING_KEY = "must not be set when GATEWAY_ROLE is services (nor"
            + " JWT_PRIVATE_KEY_FILE or JWT_PRIVATE_KEY_B64_FILE): this role only verifies tokens, with the public keys"
            + " the authorization server publishes in the shared store";

    /** Largest {@code ENTITLEMENT_RECHECK}: a day. */
    static final long MAX_RECHECK_SECONDS = 86_400;
    static final String DEFAULT_OIDC_SCOPES = "openid profile email offline_access";
    static final String DEFAULT_GROUPS_CLAIM = "groups";
    static final String ONE_UPSTREAM = "GitHub and an OpenID Connect provider are both configured; one upstream login"
            + " is active at a time: unset GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET or OIDC_ISSUER/OIDC_CLIENT_ID/OIDC_CLIENT_SECRET";

    private final Env env;
    private final Path workingDir;
    private final Function<String, Optional<String>> properties;
    private final ProblemList problems = new ProblemList();

    private SettingsLoader(Map<String, String> variables, Path workingDir,
                           Function<String, Optional<String>> properties) {
        this.env = new Env(SecretFiles.resolve(variables, workingDir, problems));
        this.workingDir = workingDir;
        this.properties = properties;
    }

    /** {@link #load(Map)} of the process environment. */
    public static GatewaySettings fromEnvironment() {
        return load(System.getenv());
    }

    /**
     * The process environment and the Camel properties {@code properties} resolves (the {@code gateway.*}
     * tunables), validated together.
     */
    public static GatewaySettings fromEnvironment(Function<String, Optional<String>> properties) {
        return load(System.getenv(), Path.of("").toAbsolutePath(), properties);
    }

    /** {@link #load(Map, Path)} relative to the process working directory. */
    public static GatewaySettings load(Map<String, String> env) {
        return load(env, Path.of("").toAbsolutePath());
    }

    /**
     * @param env        variable name to value
     * @param workingDir base of a relative {@code GATEWAY_SERVICES_DIR} and of the default {@code services} folder
     * @throws InvalidSettingsException listing every problem found
     */
    public static GatewaySettings load(Map<String, String> env, Path workingDir) {
        return load(env, workingDir, GatewayTunables.bundledProperties(Map.of()));
    }

    /**
     * @param properties the Camel property of a name (the {@code gateway.*} tunables, {@link GatewayTunables})
     * @throws InvalidSettingsException listing every problem found, variables and properties together
     */
    public static GatewaySettings load(Map<String, String> env, Path workingDir,
                                       Function<String, Optional<String>> properties) {
        return new SettingsLoader(env, workingDir, properties).read();
    }

    private GatewaySettings read() {
        GatewayRole role = value(GATEWAY_ROLE, GatewayRole::parse).orElse(GatewayRole.ALL);
        ServiceSelection services = value(GATEWAY_SERVICES, ServiceSelection::parse).orElse(ServiceSelection.ALL);
        String bind = value(GATEWAY_BIND, HostRules::bindAddress).orElse(DEFAULT_BIND);
        int port = value(GATEWAY_PORT, v -> NumberRules.intInRange(v, 0, 65535, " (0 = a random free port)"))
                .orElse(DEFAULT_PORT);
        Optional<String> baseDomain = value(BASE_DOMAIN, HostRules::domain);
        String issuer = issuer(port, baseDomain);
        Optional<Redis> redis = redis();
        Optional<GitHub> github = github();
        Optional<Oidc> oidc = oidc();
        if (upstreamIntended(GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET)
                && upstreamIntended(OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)) {
            problems.add(OIDC_ISSUER, ONE_UPSTREAM);
        }
        Entitlements entitlements = new Entitlements(
                seconds(ENTITLEMENT_RECHECK, 1, MAX_RECHECK_SECONDS, Entitlements.DEFAULT_RECHECK.toSeconds()),
                upstreamTokenKey());
        if (role.servesOAuth()) {
            requireLocalForDevLogin(bind, issuer, baseDomain);
        }
        if (role == GatewayRole.SERVICES && !env.isSet(REDIS_URL)) {
            problems.add(REDIS_URL, SERVICES_ROLE_NEEDS_REDIS);
        }
        if (role == GatewayRole.SERVICES && env.isSet(JWT_PRIVATE_KEY_B64)) {
            problems.add(JWT_PRIVATE_KEY_B64, SERVICES_ROLE_HAS_NO_SIGNING_KEY);
        }

        Duration access = seconds(ACCESS_TOKEN_LIFETIME, 1, MAX_SECONDS, 3600);
        Duration refresh = seconds(REFRESH_TOKEN_LIFETIME, 1, MAX_SECONDS, 2_592_000);
        if (!problems.has(ACCESS_TOKEN_LIFETIME, REFRESH_TOKEN_LIFETIME) && access.compareTo(refresh) > 0) {
            problems.add(ACCESS_TOKEN_LIFETIME, "must not exceed REFRESH_TOKEN_LIFETIME (" + refresh.toSeconds() + ")",
                    String.valueOf(access.toSeconds()));
        }
        Duration authCode = seconds(AUTH_CODE_LIFETIME, 1, MAX_AUTH_CODE_SECONDS, 300);
        Duration client = seconds(CLIENT_LIFETIME, 0, MAX_SECONDS, 7_776_000, " seconds (0 = no expiry)");
        Duration session = seconds(SESSION_TIMEOUT, 1, MAX_SECONDS, 300);

        Optional<SigningAlgorithm> signingAlg = value(JWT_SIGNING_ALG, SigningAlgorithm::parse);
        // a bad JWT_SIGNING_ALG is its own problem: the key is then checked for being any usable signing key
        SigningAlgorithm keyAlg = env.isSet(JWT_SIGNING_ALG) ? signingAlg.orElse(null) : SigningAlgorithm.DEFAULT;
        Optional<JwtCryptoProvider> cryptoProvider = value(JWT_CRYPTO_PROVIDER, JwtCryptoProvider::parse);
        Optional<String> jwtKey = env.get(JWT_PRIVATE_KEY_B64)
                .flatMap(v -> problems.checkSecret(JWT_PRIVATE_KEY_B64, () -> SigningKeyPem.pemFromBase64(v, keyAlg)));
        Cors cors = value(MCP_CORS_ORIGINS, ListRules::origins).map(SettingsLoader::cors).orElse(Cors.NONE);

        // Each session is one child process of about 57-69 MiB RSS (measured: server-memory, -everything,
        // -filesystem, -sequential-thinking): 30 children fit a 2-core/4 GB host next to the JVM (docs/RELIABILITY-LIMITS.md).
        int perUser = count(MCP_MAX_SESSIONS_PER_USER, 1, 5, "");
        int sessions = count(MCP_MAX_SESSIONS, 1, 30, "");
        if (!problems.has(MCP_MAX_SESSIONS_PER_USER, MCP_MAX_SESSIONS) && perUser > sessions) {
            problems.add(MCP_MAX_SESSIONS_PER_USER, "must not exceed MCP_MAX_SESSIONS (" + sessions + ")",
                    String.valueOf(perUser));
        }
        int registerRate = count(REGISTER_RATE_LIMIT, 0, 30, " per minute (0 = no limit)");
        Optional<Path> servicesDir = servicesDir();
        String proxies = env.get(GATEWAY_TRUSTED_PROXIES).orElse(TrustedProxies.DEFAULT);
        TrustedProxies trusted = problems.check(GATEWAY_TRUSTED_PROXIES, proxies, () -> {
            try {
                return TrustedProxies.parse(proxies);
            } catch (IllegalArgumentException e) {
                throw new BadValue(e.getMessage());
            }
        }).orElse(TrustedProxies.parse(TrustedProxies.DEFAULT));

        Optional<ChildUser> childUser = ChildUser.resolve(env.get(MCP_CHILD_USER), problems);
        GatewayTunables tunables = GatewayTunables.read(properties, problems);
        ClientIdDocuments clientIdDocuments = new ClientIdDocuments(
                value(CIMD_ENABLED, ClientIdDocuments::bool).orElse(true),
                value(CIMD_ALLOW_PRIVATE, ClientIdDocuments::bool).orElse(false),
                value(CIMD_CA_FILE, v -> ClientIdDocuments.certificates(v, workingDir)).orElse(List.of()));
        AdminSettings admin = admin(port);
        Optional<ScaleOut> scaleOut = scaleOut(role);
        Observability observability = Observability.read(env, workingDir, problems);
        problems.throwIfAny();
        return new GatewaySettings(bind, port, issuer, baseDomain, redis, github, access, refresh, authCode,
                client.isZero() ? Optional.empty() : Optional.of(client), session, jwtKey, cors, perUser, sessions,
                registerRate, servicesDir, trusted, role, services, childUser, tunables, clientIdDocuments, admin,
                scaleOut, oidc, entitlements, observability, signingAlg.orElse(SigningAlgorithm.DEFAULT),
                cryptoProvider.orElse(JwtCryptoProvider.AUTO));
    }

    /** The value of {@code name} passed through {@code rule}; empty when unset or bad (bad = problem recorded). */
    private <T> Optional<T> value(String name, Function<String, T> rule) {
        return env.get(name).flatMap(v -> problems.check(name, v, () -> rule.apply(v)));
    }

    private Duration seconds(String name, long min, long max, long defaultSeconds) {
        return seconds(name, min, max, defaultSeconds, " seconds");
    }

    private Duration seconds(String name, long min, long max, long defaultSeconds, String hint) {
        return Duration.ofSeconds(value(name, v -> NumberRules.inRange(v, min, max, hint)).orElse(defaultSeconds));
    }

    private int count(String name, int min, int defaultValue, String hint) {
        return value(name, v -> NumberRules.intInRange(v, min, Integer.MAX_VALUE, hint)).orElse(defaultValue);
    }

    private String issuer(int port, Optional<String> baseDomain) {
        if (env.isSet(GATEWAY_ISSUER)) {
            return value(GATEWAY_ISSUER, UrlRules::issuer).orElse("");
        }
        if (env.isSet(BASE_DOMAIN)) {
            return baseDomain.map(domain -> "https://auth." + domain).orElse("");
        }
        if (port == 0) {
            problems.add(GATEWAY_PORT, "0 (a random free port) needs GATEWAY_ISSUER or BASE_DOMAIN, because the default"
                    + " issuer http://localhost:${GATEWAY_PORT} cannot name a port chosen at bind time", "0");
        }
        return "http://localhost:" + port;
    }

    private AdminSettings admin(int port) {
        Optional<java.nio.file.Path> file = env.get(GATEWAY_ADMIN_FILE).filter(v -> !v.equalsIgnoreCase(AdminSettings.OFF))
                .map(v -> problems.check(GATEWAY_ADMIN_FILE, v, () -> {
                    if (!java.nio.file.Path.of(v).isAbsolute()) {
                        throw new BadValue("must be an absolute file path, or off");
                    }
                    return java.nio.file.Path.of(v);
                }))
                .orElseGet(() -> env.isSet(GATEWAY_ADMIN_FILE) ? Optional.empty()
                        : Optional.of(AdminSettings.defaultFile(env.get("HOME").orElse(System.getProperty("user.home")),
                                port)));
        long checkMs = value(USER_REVOCATION_CHECK_MS, v -> NumberRules.inRange(v, 50, 60_000, " milliseconds"))
                .orElse(AdminSettings.DEFAULT_REVOCATION_CHECK_MS);
        return new AdminSettings(file, Duration.ofMillis(checkMs));
    }

    private Optional<Redis> redis() {
        Optional<String> url = env.get(REDIS_URL);
        if (url.isEmpty()) {
            return Optional.empty(); // REDIS_PASSWORD alone is ignored: the embedded store needs none
        }
        return problems.check(REDIS_URL, RedisUrl.mask(url.get()), () -> RedisUrl.parse(url.get()))
                .map(parsed -> parsed.orPassword(env.get(REDIS_PASSWORD)))
                .map(parsed -> new Redis(parsed.url(), parsed.password(), parsed.username()));
    }

    static final String SCALE_OUT_NEEDS_REDIS = "needs REDIS_URL: the replicas record which one runs each MCP session"
            + " in the shared store";

    /**
     * {@code GATEWAY_INTERNAL_URL} and {@code GATEWAY_CLUSTER_SECRET} go together, need {@code REDIS_URL}, and only
     * matter in roles that run MCP services.
     */
    private Optional<ScaleOut> scaleOut(GatewayRole role) {
        Optional<String> url = value(GATEWAY_INTERNAL_URL, UrlRules::internalUrl);
        Optional<String> secret = env.get(GATEWAY_CLUSTER_SECRET);
        if (!env.isSet(GATEWAY_INTERNAL_URL) && secret.isEmpty()) {
            return Optional.empty();
        }
        if (!env.isSet(GATEWAY_INTERNAL_URL)) {
            problems.add(GATEWAY_INTERNAL_URL, "must be set when GATEWAY_CLUSTER_SECRET is set: the address other"
                    + " replicas reach this one at, e.g. http://10.0.3.7:8080");
        }
        if (env.isSet(GATEWAY_INTERNAL_URL) && secret.isEmpty()) {
            problems.add(GATEWAY_CLUSTER_SECRET, "must be set when GATEWAY_INTERNAL_URL is set: the secret shared by"
                    + " the replicas (at least " + ScaleOut.MIN_SECRET_BYTES + " bytes, e.g. openssl rand -hex 32)");
        }
        if (secret.isPresent() && secret.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                < ScaleOut.MIN_SECRET_BYTES) {
            problems.add(GATEWAY_CLUSTER_SECRET, "is too short: at least " + ScaleOut.MIN_SECRET_BYTES
                    + " bytes (e.g. openssl rand -hex 32)", "***");
            return Optional.empty();
        }
        if (!env.isSet(REDIS_URL)) {
            problems.add(GATEWAY_INTERNAL_URL, SCALE_OUT_NEEDS_REDIS);
        }
        if (!role.servesMcp()) {
            problems.add(GATEWAY_INTERNAL_URL, "only applies to the roles that run MCP services (all, services)");
        }
        if (url.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ScaleOut.of(url.get(), secret.get()));
    }

    private Optional<GitHub> github() {
        Optional<String> clientId = env.get(GITHUB_CLIENT_ID);
        Optional<String> clientSecret = env.get(GITHUB_CLIENT_SECRET);
        String oauthUrl = value(GITHUB_OAUTH_URL, UrlRules::baseUrl).orElse(DEFAULT_GITHUB_OAUTH_URL);
        String apiUrl = value(GITHUB_API_URL, UrlRules::baseUrl).orElse(DEFAULT_GITHUB_API_URL);
        Optional<Set<String>> users = value(ALLOWED_GITHUB_USERS, ListRules::githubLogins);
        Optional<Set<String>> orgs = value(ALLOWED_GITHUB_ORGS, ListRules::githubOrgs);
        Optional<Set<String>> teams = value(ALLOWED_GITHUB_TEAMS, ListRules::githubTeams);
        if (clientId.isEmpty() && clientSecret.isEmpty()) {
            return Optional.empty();
        }
        if (clientId.isEmpty()) {
            problems.add(GITHUB_CLIENT_ID, "must be set when GITHUB_CLIENT_SECRET is set");
        }
        if (clientSecret.isEmpty()) {
            problems.add(GITHUB_CLIENT_SECRET, "must be set when GITHUB_CLIENT_ID is set");
        }
        boolean anyRule = env.isSet(ALLOWED_GITHUB_USERS) || env.isSet(ALLOWED_GITHUB_ORGS)
                || env.isSet(ALLOWED_GITHUB_TEAMS);
        if (!anyRule) {
            problems.add(ALLOWED_GITHUB_USERS, "must be set when GitHub login is configured (no fail-open):"
                    + " a comma list of GitHub logins, or * for any GitHub user (or set ALLOWED_GITHUB_ORGS or"
                    + " ALLOWED_GITHUB_TEAMS)");
        }
        if (clientId.isEmpty() || clientSecret.isEmpty() || !anyRule
                || problems.has(ALLOWED_GITHUB_USERS, ALLOWED_GITHUB_ORGS, ALLOWED_GITHUB_TEAMS)) {
            return Optional.empty();
        }
        Set<String> logins = new LinkedHashSet<>(users.orElse(Set.of()));
        boolean anyUser = logins.remove(ListRules.ANY);
        return Optional.of(new GitHub(clientId.get(), clientSecret.get(), oauthUrl, apiUrl,
                Collections.unmodifiableSet(logins), anyUser, Set.copyOf(orgs.orElse(Set.of())),
                Set.copyOf(teams.orElse(Set.of()))));
    }

    /**
     * {@code OIDC_*}: issuer, client id and secret all or none; the issuer https (http only for loopback); the
     * scopes include {@code openid}; a groups claim name; and an access rule ({@code ALLOWED_OIDC_USERS} or
     * {@code ALLOWED_OIDC_GROUPS}; no fail-open).
     */
    private Optional<Oidc> oidc() {
        Optional<String> issuer = value(OIDC_ISSUER, UrlRules::oidcIssuer);
        Optional<String> clientId = env.get(OIDC_CLIENT_ID);
        Optional<String> clientSecret = env.get(OIDC_CLIENT_SECRET);
        List<String> scopes = value(OIDC_SCOPES, SettingsLoader::oidcScopes)
                .orElse(List.of(DEFAULT_OIDC_SCOPES.split(" ")));
        String groupsClaim = value(OIDC_GROUPS_CLAIM, SettingsLoader::claimName).orElse(DEFAULT_GROUPS_CLAIM);
        Map<String, String> authParams = value(OIDC_AUTH_PARAMS, SettingsLoader::authParams).orElse(Map.of());
        Optional<Set<String>> users = value(ALLOWED_OIDC_USERS, ListRules::oidcUsers);
        Optional<Set<String>> groups = value(ALLOWED_OIDC_GROUPS, ListRules::oidcGroups);
        if (!upstreamIntended(OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)) {
            return Optional.empty();
        }
        String all = " when any of OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET is set (all three or none)";
        if (!env.isSet(OIDC_ISSUER)) {
            problems.add(OIDC_ISSUER, "must be set" + all);
        }
        if (clientId.isEmpty()) {
            problems.add(OIDC_CLIENT_ID, "must be set" + all);
        }
        if (clientSecret.isEmpty()) {
            problems.add(OIDC_CLIENT_SECRET, "must be set" + all);
        }
        if (!env.isSet(ALLOWED_OIDC_USERS) && !env.isSet(ALLOWED_OIDC_GROUPS)) {
            problems.add(ALLOWED_OIDC_GROUPS, "ALLOWED_OIDC_GROUPS or ALLOWED_OIDC_USERS must be set when an OpenID"
                    + " Connect provider is configured (no fail-open): a comma list of groups, or of emails /"
                    + " sub:<subject>, or ALLOWED_OIDC_USERS=* for any user of the provider");
        }
        if (issuer.isEmpty() || clientId.isEmpty() || clientSecret.isEmpty()
                || problems.has(ALLOWED_OIDC_USERS, ALLOWED_OIDC_GROUPS, OIDC_SCOPES, OIDC_GROUPS_CLAIM, OIDC_AUTH_PARAMS)
                || (users.isEmpty() && groups.isEmpty())) {
            return Optional.empty();
        }
        Set<String> allowedUsers = new LinkedHashSet<>(users.orElse(Set.of()));
        boolean anyUser = allowedUsers.remove(ListRules.ANY);
        return Optional.of(new Oidc(issuer.get(), clientId.get(), clientSecret.get(), scopes, groupsClaim,
                Collections.unmodifiableSet(allowedUsers), anyUser, Set.copyOf(groups.orElse(Set.of())), authParams));
    }

    private boolean upstreamIntended(String... names) {
        return Arrays.stream(names).anyMatch(env::isSet);
    }

    /** Space-separated scope tokens (RFC 6749 §3.3), {@code openid} among them. */
    private static List<String> oidcScopes(String value) {
        List<String> scopes = List.of(value.trim().split(" +"));
        for (String scope : scopes) {
            if (!scope.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
                throw new BadValue("is not a space-separated list of scopes");
            }
        }
        if (!scopes.contains("openid")) {
            throw new BadValue("must include openid");
        }
        return scopes;
    }

    /** Parameters the gateway sets itself; {@code OIDC_AUTH_PARAMS} cannot replace them. */
    private static final Set<String> RESERVED_AUTH_PARAMS = Set.of("response_type", "client_id", "redirect_uri",
            "scope", "state", "nonce", "code_challenge", "code_challenge_method");

    /** {@code name=value&name=value}: extra authorization request parameters, none the gateway sets itself. */
    private static Map<String, String> authParams(String value) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : value.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq > 0 ? pair.substring(0, eq).trim() : "";
            String v = eq > 0 ? pair.substring(eq + 1).trim() : "";
            if (!name.matches("[A-Za-z0-9_.-]{1,64}") || !v.matches("[A-Za-z0-9_.:@/ -]{1,256}")) {
                throw new BadValue("is not a list of name=value pairs joined by & (e.g. access_type=offline&hd=example.com)");
            }
            if (RESERVED_AUTH_PARAMS.contains(name)) {
                throw new BadValue("must not set " + name + ", which the gateway sets itself");
            }
            out.put(name, v);
        }
        return Collections.unmodifiableMap(out);
    }

    /** A JSON claim name: letters, digits and {@code _ - . : /}, at most 100 characters. */
    private static String claimName(String value) {
        if (!value.matches("[A-Za-z0-9_.:/-]{1,100}")) {
            throw new BadValue("is not a claim name (letters, digits and _ - . : /, at most 100 characters)");
        }
        return value;
    }

    /** {@code UPSTREAM_TOKEN_KEY}: base64 of 32 random bytes (AES-256). */
    private Optional<byte[]> upstreamTokenKey() {
        return env.get(UPSTREAM_TOKEN_KEY).flatMap(v -> problems.checkSecret(UPSTREAM_TOKEN_KEY, () -> {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(v.trim());
            } catch (IllegalArgumentException e) {
                throw new BadValue("is not base64 (make one with: openssl rand -base64 32)");
            }
            if (key.length != 32) {
                throw new BadValue("must be 32 bytes, base64-encoded (make one with: openssl rand -base64 32)");
            }
            return key;
        }));
    }

    /**
     * The passwordless development login (no GitHub) never faces the internet: a loopback bind, and an issuer host
     * and {@code BASE_DOMAIN} that are local names ({@link LocalNames}). A reverse proxy on the same host would
     * otherwise publish it under a public issuer.
     */
    private void requireLocalForDevLogin(String bind, String issuer, Optional<String> baseDomain) {
        boolean githubIntended = upstreamIntended(GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET, OIDC_ISSUER, OIDC_CLIENT_ID,
                OIDC_CLIENT_SECRET);
        if (githubIntended) {
            return;
        }
        if (!problems.has(GATEWAY_BIND) && !HostRules.isLoopback(bind)) {
            problems.add(GATEWAY_BIND, DEV_LOGIN_ON_PUBLIC_BIND, bind);
        }
        if (baseDomain.isPresent() && !LocalNames.isLocalHost(baseDomain.get())) {
            problems.add(BASE_DOMAIN, DEV_LOGIN_ON_PUBLIC_NAME, baseDomain.get());
        }
        if (env.isSet(GATEWAY_ISSUER) && !problems.has(GATEWAY_ISSUER) && !issuer.isEmpty()
                && !LocalNames.isLocalHost(java.net.URI.create(issuer).getHost())) {
            problems.add(GATEWAY_ISSUER, DEV_LOGIN_ON_PUBLIC_NAME, issuer);
        }
    }

    private static Cors cors(Set<String> origins) {
        Set<String> exact = new LinkedHashSet<>(origins);
        boolean any = exact.remove(ListRules.ANY);
        return new Cors(List.copyOf(exact), any);
    }

    private Optional<Path> servicesDir() {
        Optional<String> configured = env.get(GATEWAY_SERVICES_DIR);
        if (configured.isEmpty()) {
            Path fallback = workingDir.resolve(SERVICES_FOLDER).normalize();
            return Files.isDirectory(fallback) ? Optional.of(fallback) : Optional.empty();
        }
        String value = configured.get();
        return problems.check(GATEWAY_SERVICES_DIR, value, () -> {
            Path dir;
            try {
                dir = workingDir.resolve(value).normalize();
            } catch (InvalidPathException e) {
                throw new BadValue("is not a valid path");
            }
            if (!Files.exists(dir)) {
                throw new BadValue("does not exist (resolved to " + dir + ")");
            }
            if (!Files.isDirectory(dir)) {
                throw new BadValue("is not a directory (resolved to " + dir + ")");
            }
            return dir;
        });
    }
}
