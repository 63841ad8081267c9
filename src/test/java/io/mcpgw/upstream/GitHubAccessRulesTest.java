package io.mcpgw.upstream;

import static io.mcpgw.upstream.UpstreamFlow.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.oauth.authorize.AuthorizationFlow;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.AuditLog;
import io.mcpgw.testsupport.GitHubStandIn;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Access by GitHub user, organization and team ({@code ALLOWED_GITHUB_USERS}, {@code ALLOWED_GITHUB_ORGS},
 * {@code ALLOWED_GITHUB_TEAMS}) against the GitHub stand-in's membership API, over real HTTP: allowed and denied at
 * login, re-checked at refresh with the user's GitHub token, and on the {@code ENTITLEMENT_RECHECK} timer, which ends
 * the live MCP session of a user removed from the organization.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitHubAccessRulesTest {
    static final int RECHECK_SECONDS = 2;
    GitHubStandIn github;
    InProcessGateway gw;

    @BeforeAll
    void start() throws Exception {
        github = new GitHubStandIn("gh-id", "gh-secret");
        gw = InProcessGateway.start(Map.of("GITHUB_CLIENT_ID", "gh-id", "GITHUB_CLIENT_SECRET", "gh-secret",
                "GITHUB_OAUTH_URL", github.url(), "GITHUB_API_URL", github.url(),
                "ALLOWED_GITHUB_USERS", "boss", "ALLOWED_GITHUB_ORGS", "acme",
                "ALLOWED_GITHUB_TEAMS", "bigcorp/mcp-users", "ENTITLEMENT_RECHECK", String.valueOf(RECHECK_SECONDS),
                "REGISTER_RATE_LIMIT", "0"));
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        github.member("acme", "orgie");
        github.member("acme", "leaver");
        github.member("bigcorp/mcp-users", "teamie");
        github.member("other", "outsider");
        github.member("bigcorp/other-team", "outsider");
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
        if (github != null) {
            github.close();
        }
    }

    /** The gateway's redirect to the client after signing in on GitHub as {@code login} (id {@code id}). */
    synchronized Map<String, String> signIn(UpstreamFlow flow, long id, String login) throws Exception {
        github.signedInAs(new GitHubStandIn.User(id, login, login, login + "@example.com", login + "@example.com"));
        String toGitHub = flow.approve();
        assertThat(toGitHub).contains("scope=read%3Auser+user%3Aemail+read%3Aorg");
        HttpResponse<String> atGitHub = flow.browser.get(URI.create(toGitHub));
        URI callback = URI.create(atGitHub.headers().firstValue("Location").orElseThrow());
        return UpstreamFlow.clientRedirect(flow.browser.get(gw.uri(callback.getRawPath() + "?" + callback.getRawQuery())));
    }

    @Test
    void anActiveMemberOfAnAllowedOrganizationSignsIn() throws Exception {
        UpstreamFlow flow = new UpstreamFlow(gw);
        try (AuditLog audit = AuditLog.of(AuthorizationFlow.class)) {
            Map<String, String> q = signIn(flow, 101, "orgie");
            assertThat(q).containsKey("code").doesNotContainKey("error");
            assertThat(audit.lines()).anyMatch(l -> l.startsWith("event=code_issued")
                    && l.contains("upstream_identity=\"github:orgie\""));
        }
        assertThat(flow.consentPage).contains("you will sign in with GitHub");
        assertThat(github.membershipQuestions.get()).as("GitHub was asked about the membership").isPositive();
    }

    @Test
    void anActiveMemberOfAnAllowedTeamSignsIn() throws Exception {
        UpstreamFlow flow = new UpstreamFlow(gw);
        Map<String, String> q = signIn(flow, 102, "teamie");
        HttpResponse<String> token = flow.redeem(q.get("code"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        HttpResponse<String> refreshed = flow.refresh(json(token).path("refresh_token").asText());
        assertThat(refreshed.statusCode()).as("the team membership still holds at refresh").isEqualTo(200);
    }

    @Test
    void aListedUserSignsInWithoutAnyMembership() throws Exception {
        assertThat(signIn(new UpstreamFlow(gw), 103, "boss")).containsKey("code");
    }

    /** Bad inputs: a member of another organization, and of another team of the allowed team's organization. */
    @Test
    void aMemberOfOtherOrganizationsAndTeamsIsRefused() throws Exception {
        try (AuditLog audit = AuditLog.of(AuthorizationFlow.class)) {
            Map<String, String> q = signIn(new UpstreamFlow(gw), 104, "outsider");
            assertThat(q).containsEntry("error", "access_denied").doesNotContainKey("code");
            assertThat(audit.lines()).anyMatch(l -> l.startsWith("event=user_not_allowed")
                    && l.contains("github:outsider"));
        }
    }

    @Test
    void aUserRemovedFromTheOrganizationLosesTheLiveSessionAndTheRefresh() throws Exception {
        UpstreamFlow flow = new UpstreamFlow(gw);
        HttpResponse<String> token = flow.redeem(signIn(flow, 105, "leaver").get("code"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String access = json(token).path("access_token").asText();
        flow.openSession(access);
        SessionRegistry sessions = gw.bean("mcpSessions", SessionRegistry.class);
        assertThat(sessions.count("105", null)).isEqualTo(1);

        github.removeMember("acme", "leaver");
        long removed = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> sessions.count("105", null) == 0);
        long endedMillis = (System.nanoTime() - removed) / 1_000_000;
        System.out.println("MEASURED github org removal to session end: " + endedMillis + " ms (ENTITLEMENT_RECHECK="
                + RECHECK_SECONDS + " s)");
        assertThat(endedMillis).isLessThan(RECHECK_SECONDS * 1000L + 5000);
        HttpResponse<String> refresh = flow.refresh(json(token).path("refresh_token").asText());
        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(json(refresh).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aUserWhoRevokedTheAppAtGitHubHasTheRefreshRefused() throws Exception {
        github.member("acme", "revoker");
        UpstreamFlow flow = new UpstreamFlow(gw);
        HttpResponse<String> token = flow.redeem(signIn(flow, 106, "revoker").get("code"));
        assertThat(token.statusCode()).isEqualTo(200);
        github.revokeTokensOf("revoker");
        HttpResponse<String> refresh = flow.refresh(json(token).path("refresh_token").asText());
        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(json(refresh).path("error").asText()).isEqualTo("invalid_grant");
    }
}
