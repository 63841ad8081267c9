package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsLoaderTest {

    private static final String CLIENT_SECRET = "gh-secret-7f3a9c2e";
    private static final Map<String, String> GITHUB = Map.of(
            "GITHUB_CLIENT_ID", "Iv1.abc123",
            "GITHUB_CLIENT_SECRET", CLIENT_SECRET,
            "ALLOWED_GITHUB_USERS", "alice");

    private static KeyPair rsa2048;
    private static KeyPair rsa1024;

    @TempDir
    Path workingDir;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa2048 = generator.generateKeyPair();
        generator.initialize(1024);
        rsa1024 = generator.generateKeyPair();
    }

    // ---------------------------------------------------------------- defaults and derived values

    @Test
    void everySettingHasItsContractDefaultWhenEnvironmentIsEmpty() {
        GatewaySettings settings = load(Map.of());

        assertThat(settings.bind()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.issuer()).isEqualTo("http://localhost:8080");
        assertThat(settings.baseDomain()).isEmpty();
        assertThat(settings.redis()).isEmpty();
        assertThat(settings.github()).isEmpty();
        assertThat(settings.devLogin()).isTrue();
        assertThat(settings.accessTokenLifetime()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(settings.refreshTokenLifetime()).isEqualTo(Duration.ofSeconds(2_592_000));
        assertThat(settings.authCodeLifetime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.clientLifetime()).contains(Duration.ofSeconds(7_776_000));
        assertThat(settings.sessionTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.jwtPrivateKeyPem()).isEmpty();
        assertThat(settings.cors()).isEqualTo(GatewaySettings.Cors.NONE);
        assertThat(settings.cors().enabled()).isFalse();
        assertThat(settings.maxSessionsPerUser()).isEqualTo(5);
        assertThat(settings.maxSessions()).isEqualTo(30);
        assertThat(settings.registerRateLimit()).isEqualTo(30);
        assertThat(settings.servicesDir()).isEmpty();
    }

    @Test
    void blankValuesCountAsUnsetAndValuesAreTrimmed() {
        GatewaySettings settings = load(Map.of("GATEWAY_PORT", " 9090 ", "GATEWAY_BIND", "   ",
                "REDIS_URL", "\t", "ACCESS_TOKEN_LIFETIME", ""));

        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.bind()).isEqualTo("127.0.0.1");
        assertThat(settings.redis()).isEmpty();
        assertThat(settings.accessTokenLifetime()).isEqualTo(Duration.ofSeconds(3600));
    }

    @Test
    void defaultIssuerFollowsPortWhenPortIsSet() {
        assertThat(load(Map.of("GATEWAY_PORT", "9090")).issuer()).isEqualTo("http://localhost:9090");
    }

    @Test
    void issuerIsAuthSubdomainWhenBaseDomainIsSet() {
        GatewaySettings settings = load(with(GITHUB, "BASE_DOMAIN", "example.com"));

        assertThat(settings.issuer()).isEqualTo("https://auth.example.com");
        assertThat(settings.baseDomain()).contains("example.com");
    }

    @Test
    void explicitIssuerWinsOverBaseDomain() {
        Map<String, String> env = with(GITHUB, "BASE_DOMAIN", "example.com");
        env.put("GATEWAY_ISSUER", "https://login.example.org");
        GatewaySettings settings = load(env);

        assertThat(settings.issuer()).isEqualTo("https://login.example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:9000", "http://127.1.2.3", "http://[::1]:8080",
            "https://auth.example.com", "https://auth.example.com:8443", "http://LOCALHOST:1"})
    void issuerIsAcceptedWhenHttpsOrLoopbackOrigin(String issuer) {
        assertThat(load(with(GITHUB, "GATEWAY_ISSUER", issuer)).issuer()).isEqualTo(issuer);
    }

    @Test
    void randomPortIsAcceptedWhenIssuerIsExplicit() {
        GatewaySettings settings = load(Map.of("GATEWAY_PORT", "0", "GATEWAY_ISSUER", "http://localhost:1234"));

        assertThat(settings.port()).isZero();
        assertThat(settings.issuer()).isEqualTo("http://localhost:1234");
    }

    @Test
    void randomPortIsRefusedWhenIssuerWouldBeDerivedFromIt() {
        InvalidSettingsException e = invalid(Map.of("GATEWAY_PORT", "0"));

        assertThat(e.problems()).singleElement().asString().startsWith("GATEWAY_PORT: ").contains("GATEWAY_ISSUER");
    }

    @ParameterizedTest
    @CsvSource({"::1, ::1", "'[::1]', ::1", "localhost, localhost", "127.0.0.2, 127.0.0.2"})
    void loopbackBindIsAcceptedWithDevelopmentLogin(String bind, String expected) {
        assertThat(load(Map.of("GATEWAY_BIND", bind)).bind()).isEqualTo(expected);
    }

    // ---------------------------------------------------------------- one bad value, one problem

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "GATEWAY_BIND|http://127.0.0.1",
            "GATEWAY_BIND|127.0.0.1:8080",
            "GATEWAY_BIND|bad host!",
            "GATEWAY_BIND|999.1.1.1",
            "GATEWAY_BIND|-leading-hyphen",
            "GATEWAY_PORT|abc",
            "GATEWAY_PORT|-1",
            "GATEWAY_PORT|65536",
            "GATEWAY_PORT|8080.5",
            "GATEWAY_PORT|99999999999999999999999",
            "GATEWAY_ISSUER|https://auth.example.com/",
            "GATEWAY_ISSUER|https://auth.example.com/oauth",
            "GATEWAY_ISSUER|http://auth.example.com",
            "GATEWAY_ISSUER|http://0.0.0.0:8080",
            "GATEWAY_ISSUER|ftp://auth.example.com",
            "GATEWAY_ISSUER|auth.example.com",
            "GATEWAY_ISSUER|https://auth.example.com?x=1",
            "GATEWAY_ISSUER|https://auth.example.com#top",
            "GATEWAY_ISSUER|https://user:pw@auth.example.com",
            "GATEWAY_ISSUER|https://auth.example.com:99999",
            "GATEWAY_ISSUER|https://",
            "GATEWAY_ISSUER|https://auth_example.com",
            "BASE_DOMAIN|https://example.com",
            "BASE_DOMAIN|example.com/",
            "BASE_DOMAIN|example.com:443",
            "BASE_DOMAIN|exa_mple.com",
            "BASE_DOMAIN|-example.com",
            "BASE_DOMAIN|example..com",
            "REDIS_URL|http://redis:6379",
            "REDIS_URL|redis:6379",
            "REDIS_URL|redis://",
            "REDIS_URL|redis://:6379",
            "REDIS_URL|redis://redis:0",
            "REDIS_URL|redis://redis:70000",
            "REDIS_URL|redis://redis:port",
            "REDIS_URL|redis://redis:6379/16",
            "REDIS_URL|redis://redis:6379/db",
            "REDIS_URL|redis://::1:6379",
            "GITHUB_OAUTH_URL|github.com",
            "GITHUB_OAUTH_URL|ftp://github.com",
            "GITHUB_API_URL|not a url",
            "GITHUB_API_URL|https://api.github.com?x=1",
            "ACCESS_TOKEN_LIFETIME|0",
            "ACCESS_TOKEN_LIFETIME|-5",
            "ACCESS_TOKEN_LIFETIME|abc",
            "ACCESS_TOKEN_LIFETIME|1e3",
            "ACCESS_TOKEN_LIFETIME|99999999999999999999",
            "REFRESH_TOKEN_LIFETIME|0",
            "REFRESH_TOKEN_LIFETIME|2147483648",
            "AUTH_CODE_LIFETIME|601",
            "AUTH_CODE_LIFETIME|0",
            "CLIENT_LIFETIME|-1",
            "CLIENT_LIFETIME|ninety days",
            "SESSION_TIMEOUT|0",
            "SESSION_TIMEOUT|5m",
            "MCP_CORS_ORIGINS|https://app.example.com/",
            "MCP_CORS_ORIGINS|app.example.com",
            "MCP_CORS_ORIGINS|https://app.example.com/path",
            "MCP_CORS_ORIGINS|https://ok.example.com, https://bad.example.com/x",
            "MCP_MAX_SESSIONS_PER_USER|0",
            "MCP_MAX_SESSIONS_PER_USER|many",
            "MCP_MAX_SESSIONS|-1",
            "REGISTER_RATE_LIMIT|-1",
            "REGISTER_RATE_LIMIT|ten",
            "GATEWAY_SERVICES_DIR|does-not-exist",
    })
    void badValueIsReportedWithVariableNameAndValueWhenSetAlone(String variable, String value) {
        InvalidSettingsException e = invalid(Map.of(variable, value));

        assertThat(e.getMessage()).startsWith("invalid configuration:\n  - " + variable + ": ");
        assertThat(e.getMessage()).endsWith("(got '" + value + "')");
        assertThat(e.problems()).hasSize(1);
    }

    @Test
    void authCodeLifetimeIsAcceptedAtSixHundredSeconds() {
        assertThat(load(Map.of("AUTH_CODE_LIFETIME", "600")).authCodeLifetime()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void authCodeLifetimeIsRefusedAboveSixHundredSeconds() {
        assertThat(invalid(Map.of("AUTH_CODE_LIFETIME", "601")).problems())
                .containsExactly("AUTH_CODE_LIFETIME: must be a whole number from 1 to 600 seconds (got '601')");
    }

    @Test
    void clientLifetimeIsEmptyWhenZero() {
        assertThat(load(Map.of("CLIENT_LIFETIME", "0")).clientLifetime()).isEmpty();
    }

    @Test
    void lifetimesAreReadAsSeconds() {
        GatewaySettings settings = load(Map.of("ACCESS_TOKEN_LIFETIME", "60", "REFRESH_TOKEN_LIFETIME", "120",
                "CLIENT_LIFETIME", "86400", "SESSION_TIMEOUT", "30"));

        assertThat(settings.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.refreshTokenLifetime()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.clientLifetime()).contains(Duration.ofDays(1));
        assertThat(settings.sessionTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void accessTokenLifetimeIsRefusedWhenLongerThanRefreshTokenLifetime() {
        InvalidSettingsException e = invalid(Map.of("ACCESS_TOKEN_LIFETIME", "7200", "REFRESH_TOKEN_LIFETIME", "3600"));

        assertThat(e.problems()).containsExactly(
                "ACCESS_TOKEN_LIFETIME: must not exceed REFRESH_TOKEN_LIFETIME (3600) (got '7200')");
    }

    @Test
    void perUserSessionLimitIsRefusedWhenAboveGlobalLimit() {
        InvalidSettingsException e = invalid(Map.of("MCP_MAX_SESSIONS_PER_USER", "50", "MCP_MAX_SESSIONS", "10"));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("MCP_MAX_SESSIONS_PER_USER: must not exceed MCP_MAX_SESSIONS (10)");
    }

    @Test
    void sessionLimitsAndRateLimitAreReadWhenValid() {
        GatewaySettings settings = load(Map.of("MCP_MAX_SESSIONS_PER_USER", "5", "MCP_MAX_SESSIONS", "5",
                "REGISTER_RATE_LIMIT", "0"));

        assertThat(settings.maxSessionsPerUser()).isEqualTo(5);
        assertThat(settings.maxSessions()).isEqualTo(5);
        assertThat(settings.registerRateLimit()).isZero();
    }

    // ---------------------------------------------------------------- all problems at once

    @Test
    void everyBadValueIsListedInOneExceptionWhenSeveralAreBad() {
        Map<String, String> env = Map.of(
                "GATEWAY_PORT", "http",
                "GATEWAY_ISSUER", "https://auth.example.com/",
                "AUTH_CODE_LIFETIME", "900",
                "REDIS_URL", "memcached://cache",
                "MCP_CORS_ORIGINS", "https://app.example.com/",
                "GITHUB_CLIENT_ID", "Iv1.abc");

        InvalidSettingsException e = invalid(env);

        String[] lines = e.getMessage().split("\n");
        assertThat(lines[0]).isEqualTo("invalid configuration:");
        assertThat(Arrays.copyOfRange(lines, 1, lines.length)).allMatch(line -> line.startsWith("  - "));
        assertThat(e.getMessage()).contains("  - GATEWAY_PORT: ", "  - GATEWAY_ISSUER: ", "  - AUTH_CODE_LIFETIME: ",
                "  - REDIS_URL: ", "  - MCP_CORS_ORIGINS: ", "  - GITHUB_CLIENT_SECRET: ", "  - ALLOWED_GITHUB_USERS: ");
        assertThat(e.problems()).hasSize(lines.length - 1)
                .extracting(problem -> problem.substring(0, problem.indexOf(':')))
                .as("one problem per bad setting, in the order of EnvVars.ALL")
                .containsExactly("GATEWAY_PORT", "GATEWAY_ISSUER", "REDIS_URL", "GITHUB_CLIENT_SECRET",
                        "ALLOWED_GITHUB_USERS", "AUTH_CODE_LIFETIME", "MCP_CORS_ORIGINS");
    }

    // ---------------------------------------------------------------- secrets never shown

    @Test
    void githubClientSecretIsNotShownWhenClientIdIsMissing() {
        InvalidSettingsException e = invalid(Map.of("GITHUB_CLIENT_SECRET", CLIENT_SECRET, "ALLOWED_GITHUB_USERS", "alice"));

        assertThat(e.problems()).containsExactly("GITHUB_CLIENT_ID: must be set when GITHUB_CLIENT_SECRET is set");
        assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void redisPasswordsAreMaskedWhenRedisUrlIsBad() {
        InvalidSettingsException e = invalid(Map.of("REDIS_URL", "redis://admin:hunter2-url@redis:99999/0",
                "REDIS_PASSWORD", "env-pass-4c1b", "GATEWAY_PORT", "x"));

        assertThat(e.getMessage()).contains("REDIS_URL: ", "redis://admin:***@redis:99999/0")
                .doesNotContain("hunter2-url", "env-pass-4c1b");
    }

    @Test
    void redisPasswordWithoutUserIsMaskedWhenSchemeIsWrong() {
        InvalidSettingsException e = invalid(Map.of("REDIS_URL", "http://:p@ss:w0rd@redis"));

        assertThat(e.getMessage()).contains("'http://:***@redis'").doesNotContain("w0rd", "p@ss");
    }

    @Test
    void jwtKeyValueIsNotShownWhenItIsNotBase64() {
        String value = "not-base64-key-material!!";

        InvalidSettingsException e = invalid(Map.of("JWT_PRIVATE_KEY_B64", value));

        assertThat(e.problems()).singleElement().asString().startsWith("JWT_PRIVATE_KEY_B64: ").doesNotContain("got");
        assertThat(e.getMessage()).doesNotContain(value).doesNotContain("key-material");
    }

    @Test
    void settingsToStringHidesEverySecret() {
        Map<String, String> env = new HashMap<>(GITHUB);
        env.put("REDIS_URL", "redis://:url-pass-91@redis:6379/0");
        env.put("JWT_PRIVATE_KEY_B64", base64Pem(rsa2048));

        String text = load(env).toString();

        assertThat(text).doesNotContain(CLIENT_SECRET, "url-pass-91", "PRIVATE KEY");
    }

    // ---------------------------------------------------------------- Redis

    @Test
    void redisUrlLosesItsPasswordWhichMovesToPasswordField() {
        GatewaySettings.Redis redis = load(Map.of("REDIS_URL", "redis://:s3cret@redis.internal:6380/2")).redis().orElseThrow();

        assertThat(redis.url()).isEqualTo("redis://redis.internal:6380/2");
        assertThat(redis.password()).contains("s3cret");
        assertThat(redis.username()).isEmpty();
    }

    @Test
    void redisUrlUserIsKeptApartFromUrlWhenUrlHasUserAndPassword() {
        GatewaySettings.Redis redis = load(Map.of("REDIS_URL", "rediss://gateway:p%40ss@10.0.0.5")).redis().orElseThrow();

        assertThat(redis.url()).isEqualTo("rediss://10.0.0.5");
        assertThat(redis.username()).contains("gateway");
        assertThat(redis.password()).contains("p@ss");
    }

    @Test
    void redisPasswordVariableIsUsedWhenUrlHasNoPassword() {
        GatewaySettings.Redis redis = load(Map.of("REDIS_URL", "redis://redis:6379", "REDIS_PASSWORD", "from-env"))
                .redis().orElseThrow();

        assertThat(redis.url()).isEqualTo("redis://redis:6379");
        assertThat(redis.password()).contains("from-env");
    }

    @Test
    void redisUrlPasswordWinsOverRedisPasswordVariable() {
        GatewaySettings.Redis redis = load(Map.of("REDIS_URL", "redis://:from-url@redis", "REDIS_PASSWORD", "from-env"))
                .redis().orElseThrow();

        assertThat(redis.password()).contains("from-url");
    }

    @Test
    void redisUrlWithIpv6HostAndDatabaseIsAccepted() {
        GatewaySettings.Redis redis = load(Map.of("REDIS_URL", "redis://[::1]:6379/15")).redis().orElseThrow();

        assertThat(redis.url()).isEqualTo("redis://[::1]:6379/15");
        assertThat(redis.password()).isEmpty();
    }

    @Test
    void redisUrlQueryIsRefusedAndMaskedBecauseItMayCarryAPassword() {
        InvalidSettingsException e = invalid(Map.of("REDIS_URL", "redis://redis:6379?password=q-secret"));

        assertThat(e.problems()).singleElement().asString().startsWith("REDIS_URL: must not have query parameters")
                .endsWith("(got 'redis://redis:6379?***')");
    }

    @Test
    void redisUrlWithUserInfoWithoutColonIsRefusedAndMasked() {
        InvalidSettingsException e = invalid(Map.of("REDIS_URL", "redis://ambiguous-secret@redis"));

        assertThat(e.problems()).singleElement().asString().startsWith("REDIS_URL: ").endsWith("(got 'redis://***@redis')");
    }

    // ---------------------------------------------------------------- GitHub

    @Test
    void githubSettingsAreReadWhenFullyConfigured() {
        Map<String, String> env = new HashMap<>(GITHUB);
        env.put("GITHUB_OAUTH_URL", "https://ghe.example.com/");
        env.put("GITHUB_API_URL", "http://localhost:9999/api/v3/");

        GatewaySettings settings = load(env);

        GatewaySettings.GitHub github = settings.github().orElseThrow();
        assertThat(github.clientId()).isEqualTo("Iv1.abc123");
        assertThat(github.clientSecret()).isEqualTo(CLIENT_SECRET);
        assertThat(github.oauthUrl()).isEqualTo("https://ghe.example.com");
        assertThat(github.apiUrl()).isEqualTo("http://localhost:9999/api/v3");
        assertThat(settings.devLogin()).isFalse();
    }

    @Test
    void githubUrlsHaveTheirDefaultsWhenUnset() {
        GatewaySettings.GitHub github = load(GITHUB).github().orElseThrow();

        assertThat(github.oauthUrl()).isEqualTo("https://github.com");
        assertThat(github.apiUrl()).isEqualTo("https://api.github.com");
    }

    @Test
    void allowedUsersAreTrimmedLowerCasedAndEmptyEntriesDropped() {
        Map<String, String> env = new HashMap<>(GITHUB);
        env.put("ALLOWED_GITHUB_USERS", " Alice , BOB,,carol-x ,");

        GatewaySettings.GitHub github = load(env).github().orElseThrow();

        assertThat(github.allowedUsers()).containsExactlyInAnyOrder("alice", "bob", "carol-x");
        assertThat(github.anyUser()).isFalse();
        assertThat(github.allows("1", "ALICE")).isTrue();
        assertThat(github.allows("2", "mallory")).isFalse();
    }

    @Test
    void anyGithubUserIsAllowedWhenAllowedUsersIsStar() {
        Map<String, String> env = new HashMap<>(GITHUB);
        env.put("ALLOWED_GITHUB_USERS", "*");

        GatewaySettings.GitHub github = load(env).github().orElseThrow();

        assertThat(github.anyUser()).isTrue();
        assertThat(github.allowedUsers()).isEmpty();
        assertThat(github.allows("3", "anyone")).isTrue();
    }

    @Test
    void badGithubLoginsAreAllNamedWhenAllowedUsersHasThem() {
        Map<String, String> env = new HashMap<>(GITHUB);
        String tooLong = "a".repeat(40);
        env.put("ALLOWED_GITHUB_USERS", "alice, bad_user, -dash, a--b, " + tooLong + ", ok-user");

        InvalidSettingsException e = invalid(env);

        assertThat(e.problems()).singleElement().asString().startsWith("ALLOWED_GITHUB_USERS: ")
                .contains("'bad_user'", "'-dash'", "'a--b'", "'" + tooLong + "'")
                .doesNotContain("'alice'", "'ok-user'");
    }

    @Test
    void githubLoginOfThirtyNineCharactersIsAccepted() {
        Map<String, String> env = new HashMap<>(GITHUB);
        env.put("ALLOWED_GITHUB_USERS", "a".repeat(39));

        assertThat(load(env).github().orElseThrow().allowedUsers()).containsExactly("a".repeat(39));
    }

    @Test
    void githubIsRefusedWhenAllowedUsersIsUnset() {
        InvalidSettingsException e = invalid(Map.of("GITHUB_CLIENT_ID", "Iv1.abc", "GITHUB_CLIENT_SECRET", CLIENT_SECRET));

        assertThat(e.problems()).singleElement().asString().startsWith("ALLOWED_GITHUB_USERS: must be set");
        assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void githubIsRefusedWhenAllowedUsersListsNobody() {
        Map<String, String> env = new HashMap<>(GITHUB);
        env.put("ALLOWED_GITHUB_USERS", " , ,");

        assertThat(invalid(env).problems()).singleElement().asString().startsWith("ALLOWED_GITHUB_USERS: lists no");
    }

    @Test
    void githubClientIdIsRefusedWithoutClientSecret() {
        InvalidSettingsException e = invalid(Map.of("GITHUB_CLIENT_ID", "Iv1.abc", "ALLOWED_GITHUB_USERS", "alice"));

        assertThat(e.problems()).containsExactly("GITHUB_CLIENT_SECRET: must be set when GITHUB_CLIENT_ID is set");
    }

    // ---------------------------------------------------------------- development login only on local names

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.10", "gateway.example.com", "128.0.0.1"})
    void nonLoopbackBindIsRefusedWhenGithubIsNotConfigured(String bind) {
        InvalidSettingsException e = invalid(Map.of("GATEWAY_BIND", bind));

        assertThat(e.problems()).containsExactly("GATEWAY_BIND: " + SettingsLoader.DEV_LOGIN_ON_PUBLIC_BIND
                + " (got '" + bind + "')");
        assertThat(e.getMessage()).contains("no upstream login configured");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "GATEWAY_ISSUER|https://mcp.example.com",
            "GATEWAY_ISSUER|https://192.168.1.10:8443",
            "GATEWAY_ISSUER|https://localhost.example.com",
            "GATEWAY_ISSUER|https://test.example.com",
            "BASE_DOMAIN|example.com",
            "BASE_DOMAIN|localhost.example.com",
    })
    void developmentLoginIsRefusedWhenTheIssuerOrBaseDomainIsAPublicName(String variable, String value) {
        InvalidSettingsException e = invalid(Map.of(variable, value));

        assertThat(e.problems()).containsExactly(variable + ": " + SettingsLoader.DEV_LOGIN_ON_PUBLIC_NAME
                + " (got '" + value + "')");
    }

    @Test
    void developmentLoginIsRefusedBehindAProxyOnTheSameHostWithAPublicIssuer() {
        // The usual VPS mistake: loopback bind, nginx in front, GATEWAY_ISSUER public, GitHub variables forgotten.
        InvalidSettingsException e = invalid(Map.of("GATEWAY_BIND", "127.0.0.1",
                "GATEWAY_ISSUER", "https://mcp.example.com", "BASE_DOMAIN", "example.com"));

        assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactlyInAnyOrder("GATEWAY_ISSUER", "BASE_DOMAIN");
        assertThat(e.getMessage()).contains("GITHUB_CLIENT_ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:9000", "http://[::1]:8080",
            "https://auth.example.test", "https://gw.localhost"})
    void developmentLoginIsAcceptedWhenTheIssuerIsALocalName(String issuer) {
        assertThat(load(Map.of("GATEWAY_ISSUER", issuer)).devLogin()).isTrue();
        assertThat(load(Map.of("BASE_DOMAIN", "example.test")).devLogin()).isTrue();
    }

    @Test
    void publicIssuerAndBaseDomainAreAcceptedWhenGithubIsConfigured() {
        Map<String, String> env = with(GITHUB, "BASE_DOMAIN", "example.com");
        env.put("GATEWAY_ISSUER", "https://mcp.example.com");

        assertThat(load(env).devLogin()).isFalse();
    }

    @Test
    void allowedUsersAcceptNumericIdsMixedWithLogins() {
        GatewaySettings.GitHub github = load(with(GITHUB, "ALLOWED_GITHUB_USERS", " id:1234 , Alice, ID:99 ")).github()
                .orElseThrow();

        assertThat(github.allowedUsers()).containsExactlyInAnyOrder("id:1234", "alice", "id:99");
        assertThat(github.allows("1234", "renamed-login")).as("by id, whatever the login").isTrue();
        assertThat(github.allows("99", "someone")).isTrue();
        assertThat(github.allows("555", "alice")).as("by login").isTrue();
        assertThat(github.allows("12345", "mallory")).as("ids match exactly, not by prefix").isFalse();
        assertThat(github.allows("123", "mallory")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"id:", "id:abc", "id:-5", "id:012", "id:1234567890123456789", "id: 12", "uid:12", "id:1.5"})
    void malformedGithubIdsAreRefused(String entry) {
        InvalidSettingsException e = invalid(with(GITHUB, "ALLOWED_GITHUB_USERS", "alice, " + entry));

        assertThat(e.problems()).singleElement().asString().startsWith("ALLOWED_GITHUB_USERS: ")
                .contains("'" + entry + "'").contains("id:1234");
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> env = new HashMap<>(base);
        env.put(name, value);
        return env;
    }

    @Test
    void allInterfacesBindIsAcceptedWhenGithubIsConfigured() {
        Map<String, String> env = new HashMap<>(GITHUB);
        env.put("GATEWAY_BIND", "0.0.0.0");

        GatewaySettings settings = load(env);

        assertThat(settings.bind()).isEqualTo("0.0.0.0");
        assertThat(settings.github()).isPresent();
    }

    // ---------------------------------------------------------------- JWT key

    @Test
    void pkcs8KeyIsAcceptedWhenBase64HasLineBreaks() {
        String pem = pem("PRIVATE KEY", rsa2048.getPrivate().getEncoded());
        String wrapped = Base64.getMimeEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
        assertThat(wrapped).contains("\r\n");

        GatewaySettings settings = load(Map.of("JWT_PRIVATE_KEY_B64", wrapped));

        assertThat(settings.jwtPrivateKeyPem()).contains(pem);
        assertThat(RsaPemKeys.parsePrivateKey(settings.jwtPrivateKeyPem().orElseThrow()).getModulus())
                .isEqualTo(((java.security.interfaces.RSAPrivateKey) rsa2048.getPrivate()).getModulus());
    }

    @Test
    void pkcs1KeyIsAcceptedWhenRsaPrivateKeyBlock() {
        String pem = pem("RSA PRIVATE KEY", pkcs1(rsa2048.getPrivate().getEncoded()));

        GatewaySettings settings = load(Map.of("JWT_PRIVATE_KEY_B64", base64(pem)));

        assertThat(settings.jwtPrivateKeyPem()).contains(pem);
        assertThat(RsaPemKeys.parsePrivateKey(pem).getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void rsaKeyIsRefusedWhenShorterThan2048Bits() {
        String value = base64Pem(rsa1024);

        InvalidSettingsException e = invalid(Map.of("JWT_PRIVATE_KEY_B64", value));

        assertThat(e.problems()).singleElement().asString().startsWith("JWT_PRIVATE_KEY_B64: ").contains("1024-bit");
        assertThat(e.getMessage()).doesNotContain(value).doesNotContain(value.substring(40, 80));
    }

    @Test
    void ecKeyIsRefusedWhenRsaIsRequired() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String value = base64(pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()));

        InvalidSettingsException e = invalid(Map.of("JWT_PRIVATE_KEY_B64", value));

        assertThat(e.problems()).singleElement().asString().contains("RSA private key");
        assertThat(e.getMessage()).doesNotContain(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"just some text", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n"})
    void jwtKeyIsRefusedWhenBase64DoesNotHoldAnRsaPrivateKey(String decoded) {
        InvalidSettingsException e = invalid(Map.of("JWT_PRIVATE_KEY_B64", base64(decoded)));

        assertThat(e.problems()).singleElement().asString().startsWith("JWT_PRIVATE_KEY_B64: ").doesNotContain("got");
    }

    @Test
    void jwtKeyIsRefusedWithHintWhenPemIsGivenWithoutBase64() {
        String pem = pem("PRIVATE KEY", rsa2048.getPrivate().getEncoded());

        InvalidSettingsException e = invalid(Map.of("JWT_PRIVATE_KEY_B64", pem));

        assertThat(e.problems()).singleElement().asString().contains("not its base64");
        assertThat(e.getMessage()).doesNotContain(pem.substring(40, 100));
    }

    // ---------------------------------------------------------------- CORS

    @Test
    void corsOriginsAreNormalizedWhenListed() {
        GatewaySettings.Cors cors = load(Map.of("MCP_CORS_ORIGINS",
                " https://App.Example.com:443 , http://localhost:3000,, http://[::1]:5173")).cors();

        assertThat(cors.origins()).containsExactly("https://app.example.com", "http://localhost:3000", "http://[::1]:5173");
        assertThat(cors.anyOrigin()).isFalse();
        assertThat(cors.allows("https://app.example.com")).isTrue();
        assertThat(cors.allows("https://evil.example.com")).isFalse();
    }

    @Test
    void anyOriginIsAllowedWhenCorsOriginsIsStar() {
        GatewaySettings.Cors cors = load(Map.of("MCP_CORS_ORIGINS", "*")).cors();

        assertThat(cors.anyOrigin()).isTrue();
        assertThat(cors.allows("https://anything.example")).isTrue();
    }

    // ---------------------------------------------------------------- services folder

    @Test
    void servicesFolderInWorkingDirIsUsedWhenVariableIsUnset() throws Exception {
        Path services = Files.createDirectory(workingDir.resolve("services"));

        assertThat(load(Map.of()).servicesDir()).contains(services);
    }

    @Test
    void servicesDirIsResolvedAgainstWorkingDirWhenRelative() throws Exception {
        Path extra = Files.createDirectories(workingDir.resolve("conf/routes"));

        assertThat(load(Map.of("GATEWAY_SERVICES_DIR", "conf/routes")).servicesDir()).contains(extra);
    }

    @Test
    void servicesDirIsAcceptedWhenAbsoluteExistingFolder(@TempDir Path elsewhere) {
        assertThat(load(Map.of("GATEWAY_SERVICES_DIR", elsewhere.toString())).servicesDir()).contains(elsewhere);
    }

    @Test
    void servicesDirIsRefusedWhenItIsAFile() throws Exception {
        Files.writeString(workingDir.resolve("routes.yaml"), "- route: {}\n");

        assertThat(invalid(Map.of("GATEWAY_SERVICES_DIR", "routes.yaml")).problems()).singleElement().asString()
                .startsWith("GATEWAY_SERVICES_DIR: is not a directory");
    }

    // ---------------------------------------------------------------- message formatting

    @Test
    void controlCharactersInValuesAreEscapedWhenShown() {
        InvalidSettingsException e = invalid(Map.of("GATEWAY_PORT", "80\n81"));

        assertThat(e.getMessage().lines()).hasSize(2);
        assertThat(e.problems()).singleElement().asString().endsWith("(got '80\\u000a81')");
    }

    // ---------------------------------------------------------------- helpers

    private GatewaySettings load(Map<String, String> env) {
        return SettingsLoader.load(env, workingDir);
    }

    private InvalidSettingsException invalid(Map<String, String> env) {
        InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class, () -> load(env));
        assertThat(e).as("expected invalid configuration for %s", env.keySet()).isNotNull();
        return e;
    }

    private static String base64Pem(KeyPair keyPair) {
        return base64(pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: the content of its final OCTET STRING. */
    private static byte[] pkcs1(byte[] pkcs8) {
        // 30 82 xx xx | 02 01 00 | 30 0d <rsaEncryption, NULL> | 04 82 xx xx <RSAPrivateKey>
        int octetString = 4 + 3 + 15;
        assertThat(pkcs8[octetString]).isEqualTo((byte) 0x04);
        assertThat(pkcs8[octetString + 1]).isEqualTo((byte) 0x82);
        return Arrays.copyOfRange(pkcs8, octetString + 4, pkcs8.length);
    }
}
