package io.mcpgw.config;

import static io.mcpgw.config.EnvVars.*;

import io.mcpgw.config.GatewaySettings.Cors;
import io.mcpgw.config.GatewaySettings.GitHub;
import io.mcpgw.config.GatewaySettings.Redis;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
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
    static final String DEV_LOGIN_ON_PUBLIC_BIND = "no upstream login configured: the local development login only"
            + " runs on a loopback bind; set GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET/ALLOWED_GITHUB_USERS or bind to 127.0.0.1";

    static final String DEV_LOGIN_ON_PUBLIC_NAME = "no upstream login configured: the local development login has no"
            + " password and only runs for a local name (localhost, 127.0.0.1, [::1], *.localhost, *.test); set"
            + " GITHUB_CLIENT_ID/GITHUB_CLIENT_SECRET/ALLOWED_GITHUB_USERS";

    static final String SERVICES_ROLE_NEEDS_REDIS = "must be set when GATEWAY_ROLE is services: tokens are checked"
            + " with the signing keys and revocations the authorization server keeps in the shared store";

    static final String SERVICES_ROLE_HAS_NO_SIGNING_KEY = "must not be set when GATEWAY_ROLE is services (nor"
            + " JWT_PRIVATE_KEY_FILE or JWT_PRIVATE_KEY_B64_FILE): this role only verifies tokens, with the public keys"
            + " the authorization server publishes in the shared store";

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
        problems.throwIfAny();
        return new GatewaySettings(bind, port, issuer, baseDomain, redis, github, access, refresh, authCode,
                client.isZero() ? Optional.empty() : Optional.of(client), session, jwtKey, cors, perUser, sessions,
                registerRate, servicesDir, trusted, role, services, childUser, tunables, clientIdDocuments,
                signingAlg.orElse(SigningAlgorithm.DEFAULT));
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

    private Optional<Redis> redis() {
        Optional<String> url = env.get(REDIS_URL);
        if (url.isEmpty()) {
            return Optional.empty(); // REDIS_PASSWORD alone is ignored: the embedded store needs none
        }
        return problems.check(REDIS_URL, RedisUrl.mask(url.get()), () -> RedisUrl.parse(url.get()))
                .map(parsed -> parsed.orPassword(env.get(REDIS_PASSWORD)))
                .map(parsed -> new Redis(parsed.url(), parsed.password(), parsed.username()));
    }

    private Optional<GitHub> github() {
        Optional<String> clientId = env.get(GITHUB_CLIENT_ID);
        Optional<String> clientSecret = env.get(GITHUB_CLIENT_SECRET);
        String oauthUrl = value(GITHUB_OAUTH_URL, UrlRules::baseUrl).orElse(DEFAULT_GITHUB_OAUTH_URL);
        String apiUrl = value(GITHUB_API_URL, UrlRules::baseUrl).orElse(DEFAULT_GITHUB_API_URL);
        Optional<Set<String>> users = value(ALLOWED_GITHUB_USERS, ListRules::githubLogins);
        if (clientId.isEmpty() && clientSecret.isEmpty()) {
            return Optional.empty();
        }
        if (clientId.isEmpty()) {
            problems.add(GITHUB_CLIENT_ID, "must be set when GITHUB_CLIENT_SECRET is set");
        }
        if (clientSecret.isEmpty()) {
            problems.add(GITHUB_CLIENT_SECRET, "must be set when GITHUB_CLIENT_ID is set");
        }
        if (!env.isSet(ALLOWED_GITHUB_USERS)) {
            problems.add(ALLOWED_GITHUB_USERS, "must be set when GitHub login is configured (no fail-open):"
                    + " a comma list of GitHub logins, or * for any GitHub user");
        }
        if (clientId.isEmpty() || clientSecret.isEmpty() || users.isEmpty()) {
            return Optional.empty();
        }
        Set<String> logins = new LinkedHashSet<>(users.get());
        boolean anyUser = logins.remove(ListRules.ANY);
        return Optional.of(new GitHub(clientId.get(), clientSecret.get(), oauthUrl, apiUrl,
                Collections.unmodifiableSet(logins), anyUser));
    }

    /**
     * The passwordless development login (no GitHub) never faces the internet: a loopback bind, and an issuer host
     * and {@code BASE_DOMAIN} that are local names ({@link LocalNames}). A reverse proxy on the same host would
     * otherwise publish it under a public issuer.
     */
    private void requireLocalForDevLogin(String bind, String issuer, Optional<String> baseDomain) {
        boolean githubIntended = env.isSet(GITHUB_CLIENT_ID) || env.isSet(GITHUB_CLIENT_SECRET);
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
