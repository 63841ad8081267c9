package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GATEWAY_ROLE} and {@code GATEWAY_SERVICES}: values, defaults, and the rules that depend on the role. */
class GatewayRoleSettingsTest {
    static final String REDIS = "redis://redis:6379/0";
    static final Map<String, String> GITHUB = Map.of("GITHUB_CLIENT_ID", "Iv1.abc", "GITHUB_CLIENT_SECRET", "s3cret",
            "ALLOWED_GITHUB_USERS", "alice");

    @TempDir
    Path workingDir;

    @Test
    void theDefaultIsEverythingInOneProcessServingEveryService() {
        GatewaySettings settings = load(Map.of());

        assertThat(settings.role()).isEqualTo(GatewayRole.ALL);
        assertThat(settings.role().servesOAuth()).isTrue();
        assertThat(settings.role().servesMcp()).isTrue();
        assertThat(settings.services()).isEqualTo(ServiceSelection.ALL);
        assertThat(settings.services().includes("anything")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"all, ALL", "auth, AUTH", "services, SERVICES", "' Auth ', AUTH", "SERVICES, SERVICES"})
    void rolesAreReadCaseInsensitively(String value, GatewayRole expected) {
        Map<String, String> env = Map.of("GATEWAY_ROLE", value, "REDIS_URL", REDIS);

        assertThat(load(env).role()).isEqualTo(expected);
    }

    @Test
    void theAuthRoleServesOAuthAndNoMcpAndTheServicesRoleTheReverse() {
        assertThat(GatewayRole.AUTH.servesOAuth()).isTrue();
        assertThat(GatewayRole.AUTH.servesMcp()).isFalse();
        assertThat(GatewayRole.SERVICES.servesOAuth()).isFalse();
        assertThat(GatewayRole.SERVICES.servesMcp()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"both", "authorization", "service", "all,auth"})
    void anUnknownRoleIsOneProblemNamingTheValues(String value) {
        InvalidSettingsException e = invalid(Map.of("GATEWAY_ROLE", value));

        assertThat(e.problems()).containsExactly("GATEWAY_ROLE: must be one of all, auth, services"
                + " (all = everything in one process) (got '" + value + "')");
    }

    @Test
    void theServicesRoleNeedsTheSharedStore() {
        InvalidSettingsException e = invalid(Map.of("GATEWAY_ROLE", "services"));

        assertThat(e.problems()).containsExactly("REDIS_URL: " + SettingsLoader.SERVICES_ROLE_NEEDS_REDIS);
        assertThat(load(Map.of("GATEWAY_ROLE", "auth")).redis()).as("auth alone may keep its state in memory").isEmpty();
    }

    @Test
    void theServicesRoleRefusesAPrivateSigningKeyInEveryForm() throws Exception {
        java.nio.file.Path pem = workingDir.resolve("jwt.pem");
        java.nio.file.Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\nnot checked first\n-----END PRIVATE KEY-----\n");
        for (Map<String, String> key : java.util.List.of(Map.of("JWT_PRIVATE_KEY_B64", "bm90IGEga2V5"),
                Map.of("JWT_PRIVATE_KEY_FILE", pem.toString()), Map.of("JWT_PRIVATE_KEY_B64_FILE", pem.toString()))) {
            Map<String, String> env = new java.util.HashMap<>(key);
            env.putAll(Map.of("GATEWAY_ROLE", "services", "REDIS_URL", REDIS));
            InvalidSettingsException e = invalid(env);

            assertThat(e.problems()).as(key.toString())
                    .contains("JWT_PRIVATE_KEY_B64: " + SettingsLoader.SERVICES_ROLE_HAS_NO_SIGNING_KEY);
            assertThat(e.getMessage()).doesNotContain("bm90IGEga2V5").doesNotContain("not checked first");
        }
    }

    @Test
    void theServicesRoleHasNoLoginSoItMayListenOnEveryInterfaceWithoutGitHub() {
        GatewaySettings settings = load(Map.of("GATEWAY_ROLE", "services", "REDIS_URL", REDIS, "GATEWAY_BIND", "0.0.0.0"));

        assertThat(settings.bind()).isEqualTo("0.0.0.0");
        assertThat(settings.github()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth", "all"})
    void rolesWithALoginKeepTheDevelopmentLoginOnLoopback(String role) {
        InvalidSettingsException e = invalid(Map.of("GATEWAY_ROLE", role, "GATEWAY_BIND", "0.0.0.0"));

        assertThat(e.problems()).containsExactly("GATEWAY_BIND: " + SettingsLoader.DEV_LOGIN_ON_PUBLIC_BIND + " (got '0.0.0.0')");
        Map<String, String> withGitHub = new java.util.HashMap<>(GITHUB);
        withGitHub.putAll(Map.of("GATEWAY_ROLE", role, "GATEWAY_BIND", "0.0.0.0"));
        assertThat(load(withGitHub).bind()).isEqualTo("0.0.0.0");
    }

    @Test
    void gatewayServicesIsACommaListOfServiceNames() {
        ServiceSelection selection = load(Map.of("GATEWAY_SERVICES", " memory , everything,, ")).services();

        assertThat(selection.only()).hasValueSatisfying(names -> assertThat(names).containsExactlyInAnyOrder("memory", "everything"));
        assertThat(selection.includes("memory")).isTrue();
        assertThat(selection.includes("everything")).isTrue();
        assertThat(selection.includes("filesystem")).isFalse();
        assertThat(selection).hasToString("everything,memory");
    }

    @Test
    void badServiceNamesAreOneProblemListingEachOfThem() {
        InvalidSettingsException e = invalid(Map.of("GATEWAY_SERVICES", "memory, Fetch, ../etc, -x"));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("GATEWAY_SERVICES: 'Fetch', '../etc', '-x' are not service names")
                .endsWith("(got 'memory, Fetch, ../etc, -x')");
    }

    @Test
    void aListOfOnlyCommasIsRefusedRatherThanMeaningEverything() {
        assertThat(invalid(Map.of("GATEWAY_SERVICES", ", ,")).problems()).singleElement().asString()
                .startsWith("GATEWAY_SERVICES: lists no service");
    }

    @Test
    void aBadRoleAndBadServicesAreReportedTogetherWithTheOtherProblems() {
        InvalidSettingsException e = invalid(Map.of("GATEWAY_ROLE", "x", "GATEWAY_SERVICES", "A", "GATEWAY_PORT", "-1"));

        assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactly("GATEWAY_PORT", "GATEWAY_ROLE", "GATEWAY_SERVICES");
    }

    @Test
    void theSettingsNameRoleAndServices() {
        GatewaySettings settings = load(Map.of("GATEWAY_ROLE", "services", "REDIS_URL", REDIS, "GATEWAY_SERVICES", "memory"));

        assertThat(settings.toString()).contains("role=services").contains("services=memory");
    }

    private GatewaySettings load(Map<String, String> env) {
        return SettingsLoader.load(env, workingDir);
    }

    private InvalidSettingsException invalid(Map<String, String> env) {
        InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class, () -> load(env));
        assertThat(e).as("expected invalid configuration for %s", env).isNotNull();
        return e;
    }
}
