package io.mcpgw.upstream;

import static io.mcpgw.upstream.UpstreamFlow.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.oauth.authorize.AuthorizationFlow;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.token.EntitlementRecheck;
import io.mcpgw.oauth.upstream.UpstreamCredentials;
import io.mcpgw.store.StateStore;
import io.mcpgw.testsupport.AuditLog;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.OidcProviderProcess;
import io.mcpgw.testsupport.OidcSignIn;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway with a real OpenID provider upstream (oidc-provider, started by the test), over real HTTP: discovery,
 * code + PKCE + nonce, the id_token verified, claims mapped; access by group at login, at refresh and on the
 * {@code ENTITLEMENT_RECHECK} timer (2 s here), which ends a removed user's live MCP session and its child; every
 * tampered id_token refused with an error page, an audit line and no code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcUpstreamTest {
    static final int RECHECK_SECONDS = 2;
    OidcProviderProcess provider;
    InProcessGateway gw;

    @BeforeAll
    void start() throws Exception {
        int port = InProcessGateway.freePort();
        provider = OidcProviderProcess.start("http://localhost:" + port + "/callback");
        provider.account("alice", "Alice@Example.com", "Alice Liddell", List.of("mcp-users", "eng"));
        provider.account("bob", "bob@example.com", "Bob", List.of("sales"));
        provider.account("carol", "carol@example.com", "Carol", List.of("mcp-users"));
        provider.account("dave", "dave@example.com", "Dave", List.of("mcp-users"));
        provider.account("erin", "erin@example.com", "Erin", List.of("mcp-users"));
        gw = InProcessGateway.start(Map.of("GATEWAY_PORT", String.valueOf(port),
                "OIDC_ISSUER", provider.issuer(), "OIDC_CLIENT_ID", OidcProviderProcess.CLIENT_ID,
                "OIDC_CLIENT_SECRET", OidcProviderProcess.CLIENT_SECRET, "OIDC_SCOPES", "openid profile email groups",
                "ALLOWED_OIDC_GROUPS", "mcp-users", "ENTITLEMENT_RECHECK", String.valueOf(RECHECK_SECONDS),
                "REGISTER_RATE_LIMIT", "0"));
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
    }

    @AfterAll
    void stop() {
        if (gw != null) {
            gw.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @AfterEach
    void untamper() {
        provider.tamper("none");
    }

    /** Consent, sign-in on the provider as {@code login}; the gateway's answer to the provider's callback. */
    HttpResponse<String> signIn(UpstreamFlow flow, String login) throws Exception {
        String toProvider = flow.approve();
        assertThat(toProvider).startsWith(provider.issuer() + "/auth?");
        return OidcSignIn.as(flow.browser, toProvider, login, UpstreamFlow.base(gw));
    }

    @Test
    void signInMapsTheProvidersClaimsAndRefreshAsksTheProviderAgain() throws Exception {
        UpstreamFlow flow = new UpstreamFlow(gw);
        HttpResponse<String> callback;
        try (AuditLog audit = AuditLog.of(AuthorizationFlow.class)) {
            callback = signIn(flow, "alice");
            assertThat(audit.lines()).anyMatch(l -> l.startsWith("event=code_issued")
                    && l.contains("upstream_identity=\"oidc:" + provider.issuer() + " sub=alice\""));
        }
        assertThat(flow.consentPage).as("the consent page names the upstream")
                .contains("you will sign in with 127.0.0.1");
        Map<String, String> q = UpstreamFlow.clientRedirect(callback);
        assertThat(q).containsEntry("state", "st").containsEntry("iss", gw.issuer()).containsKey("code");

        HttpResponse<String> token = flow.redeem(q.get("code"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        var claims = UpstreamFlow.accessClaims(json(token).path("access_token").asText());
        assertThat(claims.path("sub").asText()).isEqualTo("alice");
        assertThat(claims.path("email").asText()).isEqualTo("Alice@Example.com");

        String grantKey = gw.bean("stateStore", StateStore.class).keys(UpstreamCredentials.TOKEN).stream()
                .findFirst().orElseThrow();
        assertThat(gw.bean("stateStore", StateStore.class).get(grantKey).orElseThrow())
                .as("the provider's refresh token is kept only encrypted").doesNotContain("alice");

        try (AuditLog audit = AuditLog.of(EntitlementRecheck.class)) {
            HttpResponse<String> refreshed = flow.refresh(json(token).path("refresh_token").asText());
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            assertThat(audit.lines()).anyMatch(l -> l.startsWith("event=entitlement_checked")
                    && l.contains("user=alice") && l.contains("outcome=allowed"));
        }
    }

    @Test
    void aUserOutsideTheAllowedGroupsGetsNoCode() throws Exception {
        UpstreamFlow flow = new UpstreamFlow(gw);
        try (AuditLog audit = AuditLog.of(AuthorizationFlow.class)) {
            Map<String, String> q = UpstreamFlow.clientRedirect(signIn(flow, "bob"));
            assertThat(q).containsEntry("error", "access_denied").doesNotContainKey("code");
            assertThat(audit.lines()).anyMatch(l -> l.startsWith("event=user_not_allowed")
                    && l.contains("sub=bob"));
        }
    }

    /**
     * Bad inputs: one bit of the signature flipped; {@code aud} another client (validly signed); {@code iss} another
     * issuer (validly signed); expired an hour ago (validly signed); the id_token of an earlier login replayed
     * (another nonce); signed by a key the provider's JWKS does not have (unknown kid, JWKS fetched again).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"signature", "audience", "issuer", "expired", "nonce", "foreign-key"})
    void aTamperedIdTokenIsRefusedWithAPageAndNoCode(String mode) throws Exception {
        if (mode.equals("nonce")) {
            UpstreamFlow earlier = new UpstreamFlow(gw);
            assertThat(UpstreamFlow.clientRedirect(signIn(earlier, "dave"))).containsKey("code");
        }
        provider.tamper(mode);
        UpstreamFlow flow = new UpstreamFlow(gw);
        try (AuditLog audit = AuditLog.of(AuthorizationFlow.class)) {
            HttpResponse<String> callback = signIn(flow, "dave");
            assertThat(callback.statusCode()).isEqualTo(502);
            assertThat(callback.headers().firstValue("Location")).isEmpty();
            assertThat(callback.body()).contains("Sign-in refused").doesNotContain("eyJ");
            assertThat(audit.lines()).anyMatch(l -> l.startsWith("event=upstream_login_failed")
                    && l.contains("error=untrusted_id_token"));
            assertThat(audit.lines()).noneMatch(l -> l.startsWith("event=code_issued"));
        }
    }

    @Test
    void aUserRemovedFromTheGroupLosesTheLiveSessionAndItsChildWithinTheRecheckInterval() throws Exception {
        UpstreamFlow flow = new UpstreamFlow(gw);
        Map<String, String> q = UpstreamFlow.clientRedirect(signIn(flow, "carol"));
        HttpResponse<String> token = flow.redeem(q.get("code"));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String access = json(token).path("access_token").asText();
        long childrenBefore = UpstreamFlow.everythingChildren();
        String session = flow.openSession(access);
        SessionRegistry sessions = gw.bean("mcpSessions", SessionRegistry.class);
        assertThat(sessions.count("carol", null)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> UpstreamFlow.everythingChildren() > childrenBefore);

        provider.account("carol", "carol@example.com", "Carol", List.of("sales"));
        long removed = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> sessions.count("carol", null) == 0);
        long endedMillis = (System.nanoTime() - removed) / 1_000_000;
        System.out.println("MEASURED oidc group removal to session end: " + endedMillis + " ms (ENTITLEMENT_RECHECK="
                + RECHECK_SECONDS + " s)");
        assertThat(endedMillis).as("ended within the recheck interval plus one timer tick, on a loaded machine")
                .isLessThan(RECHECK_SECONDS * 1000L + 5000);
        await().atMost(Duration.ofSeconds(30)).until(() -> UpstreamFlow.everythingChildren() <= childrenBefore);

        HttpResponse<String> call = flow.mcp(access, session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
        assertThat(call.statusCode()).isIn(401, 404);
        HttpResponse<String> refresh = flow.refresh(json(token).path("refresh_token").asText());
        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(json(refresh).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aUserWhoLeftTheGroupHasTheNextRefreshRefused() throws Exception {
        UpstreamFlow flow = new UpstreamFlow(gw);
        Map<String, String> q = UpstreamFlow.clientRedirect(signIn(flow, "erin"));
        HttpResponse<String> token = flow.redeem(q.get("code"));
        assertThat(token.statusCode()).isEqualTo(200);
        provider.account("erin", "erin@example.com", "Erin", List.of());
        HttpResponse<String> refresh = flow.refresh(json(token).path("refresh_token").asText());
        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(json(refresh).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(json(refresh).toString()).doesNotContain("erin@example.com");
    }
}
