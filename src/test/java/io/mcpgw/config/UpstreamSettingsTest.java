package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The upstream login settings: {@code OIDC_*} all or nothing and one upstream at a time, the access rules'
 * syntax ({@code ALLOWED_GITHUB_ORGS}, {@code ALLOWED_GITHUB_TEAMS}, {@code ALLOWED_OIDC_USERS},
 * {@code ALLOWED_OIDC_GROUPS}), {@code ENTITLEMENT_RECHECK} bounds and {@code UPSTREAM_TOKEN_KEY}; every problem in
 * one message, no secret echoed.
 */
class UpstreamSettingsTest {
    static final String OIDC_SECRET = "oidc-secret-5d1e";
    static final Map<String, String> OIDC = Map.of("OIDC_ISSUER", "https://login.example.com/realms/staff",
            "OIDC_CLIENT_ID", "gateway", "OIDC_CLIENT_SECRET", OIDC_SECRET, "ALLOWED_OIDC_GROUPS", "mcp-users");
    static final Map<String, String> GITHUB = Map.of("GITHUB_CLIENT_ID", "gh", "GITHUB_CLIENT_SECRET", "gh-secret");

    static GatewaySettings load(Map<String, String> env) {
        return SettingsLoader.load(env, Path.of("").toAbsolutePath());
    }

    static InvalidSettingsException invalid(Map<String, String> env) {
        InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class, () -> load(env));
        assertThat(e).as("settings " + env.keySet() + " should be refused").isNotNull();
        return e;
    }

    static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    @Test
    void anOpenIdProviderWithDefaults() {
        GatewaySettings s = load(OIDC);
        GatewaySettings.Oidc oidc = s.oidc().orElseThrow();
        assertThat(oidc.scopes()).containsExactly("openid", "profile", "email", "offline_access");
        assertThat(oidc.groupsClaim()).isEqualTo("groups");
        assertThat(oidc.allowedGroups()).containsExactly("mcp-users");
        assertThat(s.devLogin()).isFalse();
        assertThat(s.github()).isEmpty();
        assertThat(s.entitlements().recheck()).isEqualTo(Duration.ofSeconds(300));
        assertThat(s.toString()).doesNotContain(OIDC_SECRET);
    }

    @Test
    void oidcUsersAreEmailsOrSubjects() {
        GatewaySettings.Oidc oidc = load(with(OIDC, "ALLOWED_OIDC_GROUPS", null,
                "ALLOWED_OIDC_USERS", "Ann@Example.com, sub:00u1abc")).oidc().orElseThrow();
        assertThat(oidc.allows("x", "ann@example.com", List.of())).isTrue();
        assertThat(oidc.allows("00u1abc", null, List.of())).isTrue();
        assertThat(oidc.allows("other", "bob@example.com", List.of("mcp-users"))).isFalse();
    }

    @Test
    void extraAuthorizationParametersForGoogle() {
        assertThat(load(with(OIDC, "OIDC_AUTH_PARAMS", "access_type=offline&hd=example.com")).oidc().orElseThrow()
                .authParams()).containsExactly(Map.entry("access_type", "offline"), Map.entry("hd", "example.com"));
    }

    @Test
    void githubByOrganizationOrTeamAloneIsEnough() {
        GatewaySettings.GitHub gh = load(with(GITHUB, "ALLOWED_GITHUB_ORGS", "Acme",
                "ALLOWED_GITHUB_TEAMS", "acme/Platform-Team,other/sre")).github().orElseThrow();
        assertThat(gh.allowedOrgs()).containsExactly("acme");
        assertThat(gh.allowedTeams()).containsExactlyInAnyOrder("acme/platform-team", "other/sre");
        assertThat(gh.allowedUsers()).isEmpty();
        assertThat(gh.hasMembershipRules()).isTrue();
    }

    /** Bad inputs, each alone: one problem naming the variable, the secret never shown. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "OIDC_ISSUER|http://login.example.com|must use https",
            "OIDC_ISSUER|login.example.com|absolute URL",
            "OIDC_ISSUER|https://login.example.com?x=1|query",
            "OIDC_SCOPES|profile email|must include openid",
            "OIDC_GROUPS_CLAIM|groups claim|not a claim name",
            "ALLOWED_OIDC_USERS|not-an-email|email address or sub:",
            "ENTITLEMENT_RECHECK|0|from 1 to 86400 seconds",
            "ENTITLEMENT_RECHECK|86401|from 1 to 86400 seconds",
            "ENTITLEMENT_RECHECK|soon|seconds",
            "UPSTREAM_TOKEN_KEY|c2hvcnQ=|32 bytes",
            "OIDC_AUTH_PARAMS|access_type|name=value",
            "OIDC_AUTH_PARAMS|redirect_uri=https://evil.example|the gateway sets itself",
            "OIDC_AUTH_PARAMS|prompt=<script>|name=value",
            "UPSTREAM_TOKEN_KEY|not base64!|not base64"})
    void aBadOidcValueIsOneProblem(String variable, String value, String expected) {
        InvalidSettingsException e = invalid(with(OIDC, variable, value));
        assertThat(e.problems()).singleElement().asString().startsWith(variable + ": ").contains(expected);
        assertThat(e.getMessage()).doesNotContain(OIDC_SECRET);
        if (variable.equals("UPSTREAM_TOKEN_KEY")) {
            assertThat(e.getMessage()).doesNotContain(value);
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ALLOWED_GITHUB_ORGS|acme corp|organization",
            "ALLOWED_GITHUB_ORGS|*|organization",
            "ALLOWED_GITHUB_TEAMS|acme|org/team-slug",
            "ALLOWED_GITHUB_TEAMS|acme/|org/team-slug",
            "ALLOWED_GITHUB_TEAMS|/team|org/team-slug",
            "ALLOWED_GITHUB_TEAMS|acme/team/x|org/team-slug"})
    void aBadGitHubRuleIsOneProblem(String variable, String value, String expected) {
        InvalidSettingsException e = invalid(with(GITHUB, variable, value));
        assertThat(e.problems()).singleElement().asString().startsWith(variable + ": ").contains(expected);
    }

    @Test
    void anOidcProviderNeedsIssuerIdSecretAndARuleAllReportedAtOnce() {
        InvalidSettingsException e = invalid(Map.of("OIDC_CLIENT_ID", "gateway"));
        assertThat(e.problems()).hasSize(3);
        assertThat(e.problems().get(0)).startsWith("OIDC_ISSUER: must be set");
        assertThat(e.problems().get(1)).startsWith("OIDC_CLIENT_SECRET: must be set");
        assertThat(e.problems().get(2)).startsWith("ALLOWED_OIDC_GROUPS: ").contains("no fail-open");
    }

    @Test
    void oneUpstreamAtATime() {
        Map<String, String> both = new HashMap<>(OIDC);
        both.putAll(GITHUB);
        both.put("ALLOWED_GITHUB_USERS", "octocat");
        InvalidSettingsException e = invalid(both);
        assertThat(e.problems()).singleElement().asString().startsWith("OIDC_ISSUER: ")
                .contains("one upstream login is active at a time");
        assertThat(e.getMessage()).doesNotContain(OIDC_SECRET).doesNotContain("gh-secret");
    }

    @Test
    void githubStillNeedsSomeRule() {
        InvalidSettingsException e = invalid(GITHUB);
        assertThat(e.problems()).singleElement().asString().startsWith("ALLOWED_GITHUB_USERS: ")
                .contains("ALLOWED_GITHUB_ORGS");
    }

    @Test
    void anHttpIssuerIsAcceptedOnLoopbackOnly() {
        assertThat(load(with(OIDC, "OIDC_ISSUER", "http://127.0.0.1:9000")).oidc().orElseThrow().issuer())
                .isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void theTokenKeyAndTheRecheckAreRead() {
        GatewaySettings s = load(with(OIDC, "ENTITLEMENT_RECHECK", "60",
                "UPSTREAM_TOKEN_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        assertThat(s.entitlements().recheck()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.entitlements().tokenKey().orElseThrow()).hasSize(32);
        assertThat(s.toString()).doesNotContain("AAECAwQF");
    }
}
