package io.mcpgw.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.AuditLog;
import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.GitHubStandIn;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.Pkce;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The browser side of the flow over real HTTP against the real gateway, with the GitHub stand-in as upstream:
 * authorize → consent → GitHub → callback → client redirect, and every way it must refuse.
 */
class AuthorizationFlowRouteTest {
    static final String REDIRECT = "http://127.0.0.1:9696/oauth/callback";
    static GitHubStandIn github;
    static InProcessGateway gw;
    BrowserSession browser;
    String clientId;
    Pkce pkce;

    @BeforeAll
    static void start() throws Exception {
        github = new GitHubStandIn("gh-client", "gh-secret");
        gw = InProcessGateway.start(Map.of(
                "GITHUB_CLIENT_ID", "gh-client", "GITHUB_CLIENT_SECRET", "gh-secret",
                "GITHUB_OAUTH_URL", github.url(), "GITHUB_API_URL", github.url(),
                "ALLOWED_GITHUB_USERS", " OctoCat , alice, id:777 "));
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        gw.bean("resourceCatalog", ResourceCatalog.class).register("memory");
    }

    @AfterAll
    static void stop() {
        gw.close();
        github.close();
    }

    @BeforeEach
    void client() {
        github.mode(GitHubStandIn.Mode.APPROVE);
        github.signedInAs(new GitHubStandIn.User(4242, "octocat", "The Octocat", null, "octo@example.com"));
        browser = new BrowserSession();
        pkce = Pkce.create();
        clientId = registerClient("Inspector <script>alert(1)</script>", List.of(REDIRECT));
    }

    static String registerClient(String name, List<String> redirects) {
        String id = "test-" + UUID.randomUUID();
        gw.bean("clientRepository", ClientRepository.class).save(new RegisteredClient(id, Optional.empty(), "none",
                redirects, name, "mcp:tools", List.of("authorization_code", "refresh_token"), List.of("code"), Map.of(),
                0, 0, "x"));
        return id;
    }

    String authorizeQuery(String extra) {
        return "/authorize?client_id=" + enc(clientId) + "&response_type=code&redirect_uri=" + enc(REDIRECT)
                + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256&state=st-1"
                + "&resource=" + enc(gw.issuer() + "/everything/mcp") + extra;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    HttpResponse<String> consent(String decision) {
        HttpResponse<String> page = browser.get(gw.uri(authorizeQuery("")));
        assertThat(page.statusCode()).isEqualTo(200);
        return browser.postForm(gw.uri("/consent"), "request=" + enc(BrowserSession.hidden(page.body(), "request"))
                + "&csrf_token=" + enc(BrowserSession.hidden(page.body(), "csrf_token")) + "&decision=" + decision);
    }

    /** Runs consent approval, GitHub and the callback; returns the gateway's final answer (the client redirect). */
    HttpResponse<String> approveAndSignIn() {
        HttpResponse<String> toGitHub = consent("approve");
        assertThat(toGitHub.statusCode()).isEqualTo(302);
        String githubUrl = toGitHub.headers().firstValue("Location").orElseThrow();
        assertThat(githubUrl).startsWith(github.url() + "/login/oauth/authorize?");
        HttpResponse<String> back = browser.get(URI.create(githubUrl));
        assertThat(back.statusCode()).isEqualTo(302);
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(gw.issuer() + "/callback?");
        return browser.get(gw.uri(URI.create(callback).getRawPath() + "?" + URI.create(callback).getRawQuery()));
    }

    @Test
    void approvedFlowRedirectsToTheClientWithCodeStateAndIssuer() {
        int pkceBefore = github.pkceChecks.get();
        HttpResponse<String> done = approveAndSignIn();
        assertThat(done.statusCode()).isEqualTo(302);
        String location = done.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?");
        Map<String, String> q = BrowserSession.query(location);
        assertThat(q.get("code")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(q).containsEntry("state", "st-1").containsEntry("iss", gw.issuer());
        assertThat(github.pkceChecks.get()).as("PKCE towards GitHub").isEqualTo(pkceBefore + 1);
        assertThat(done.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void consentPageNamesClientRedirectHostServiceAndScopesWithEverythingEscaped() {
        HttpResponse<String> page = browser.get(gw.uri(authorizeQuery("&scope=mcp%3Atools")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("Inspector &lt;script&gt;alert(1)&lt;&#47;script&gt;")
                .doesNotContain("<script>")
                .contains("127.0.0.1").contains("everything").contains("mcp:tools")
                .contains("name=\"decision\" value=\"approve\"").contains("name=\"decision\" value=\"deny\"")
                .contains("<form method=\"post\"");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'")
                .contains("default-src 'none'")
                // form-action would also apply to the redirects after the submission (client, GitHub): Chromium blocks them
                .doesNotContain("form-action");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.headers().allValues("Set-Cookie")).anyMatch(c -> c.contains("HttpOnly") && c.contains("SameSite=Strict"));
    }

    @Test
    void denyingSendsAccessDeniedWithStateAndIssuerAndNeverReachesGitHub() {
        int before = github.tokenRequests.get();
        HttpResponse<String> r = consent("deny");
        assertThat(r.statusCode()).isEqualTo(302);
        Map<String, String> q = BrowserSession.query(r.headers().firstValue("Location").orElseThrow());
        assertThat(q).containsEntry("error", "access_denied").containsEntry("state", "st-1")
                .containsEntry("iss", gw.issuer()).doesNotContainKey("code");
        assertThat(github.tokenRequests.get()).isEqualTo(before);
    }

    @Test
    void userCancellingAtGitHubReachesTheClientAsAccessDenied() {
        github.mode(GitHubStandIn.Mode.USER_CANCELS);
        HttpResponse<String> r = approveAndSignIn();
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(BrowserSession.query(r.headers().firstValue("Location").orElseThrow()))
                .containsEntry("error", "access_denied").containsEntry("state", "st-1");
    }

    @Test
    void gitHubDownReachesTheClientAsAnOAuthErrorNotA5xxPage() {
        github.mode(GitHubStandIn.Mode.TOKEN_ENDPOINT_DOWN);
        HttpResponse<String> r = approveAndSignIn();
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(BrowserSession.query(r.headers().firstValue("Location").orElseThrow()))
                .containsEntry("error", "temporarily_unavailable").containsEntry("state", "st-1");
    }

    @Test
    void aGitHubUserNotInTheAllowListIsDenied() {
        github.signedInAs(new GitHubStandIn.User(99, "mallory", "M", "m@example.com", "m@example.com"));
        HttpResponse<String> r = approveAndSignIn();
        assertThat(BrowserSession.query(r.headers().firstValue("Location").orElseThrow()))
                .containsEntry("error", "access_denied").doesNotContainKey("code");
    }

    @Test
    void allowListIsCaseInsensitiveAndTrimmed() {
        github.signedInAs(new GitHubStandIn.User(7, "ALICE", "Alice", null, "a@example.com"));
        HttpResponse<String> r = approveAndSignIn();
        assertThat(BrowserSession.query(r.headers().firstValue("Location").orElseThrow())).containsKey("code");
    }

    @Test
    void aGitHubUserListedByIdSignsInWhateverHisCurrentLogin() {
        github.signedInAs(new GitHubStandIn.User(777, "renamed-login", "R", null, "r@example.com"));
        assertThat(BrowserSession.query(approveAndSignIn().headers().firstValue("Location").orElseThrow()))
                .containsKey("code");
    }

    @Test
    void aNewAccountThatTookAListedIdsOldLoginIsNotAllowedById() {
        // "777" is allowed by id only; another account (id 778) is not allowed by that number, nor by a lookalike login.
        github.signedInAs(new GitHubStandIn.User(778, "id-777", "M", null, "m@example.com"));
        assertThat(BrowserSession.query(approveAndSignIn().headers().firstValue("Location").orElseThrow()))
                .containsEntry("error", "access_denied").doesNotContainKey("code");
    }

    @Test
    void unknownClientGetsAnEscapedPageAndNoRedirect() {
        HttpResponse<String> r = browser.get(gw.uri("/authorize?response_type=code&client_id=%3Cimg%20src%3Dx%3E&redirect_uri="
                + enc(REDIRECT) + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).contains("&lt;img src=x&gt;").doesNotContain("<img");
    }

    @ParameterizedTest(name = "redirect_uri {0} is refused with a page")
    @CsvSource({"http://127.0.0.1:9696/evil", "https://evil.example/cb", "http://localhost.evil.com:9696/oauth/callback"})
    void unregisteredRedirectUriGetsAPageNeverARedirect(String redirect) {
        HttpResponse<String> r = browser.get(gw.uri("/authorize?response_type=code&client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(redirect) + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }

    @ParameterizedTest(name = "{0} → page naming {1}")
    @CsvSource(delimiter = '|', value = {
        "no code_challenge                   | invalid_request           | &code_challenge=",
        "plain PKCE                          | invalid_request           | &code_challenge_method=plain",
        "short challenge                     | invalid_request           | &code_challenge=abc",
        "implicit flow                       | unsupported_response_type | &response_type=token",
        "no response_type                    | invalid_request           | &response_type",
        "malformed scope                     | invalid_scope             | &scope=%22bad%22",
        "unknown resource                    | invalid_target            | &resource=https%3A%2F%2Fevil.example%2Fmcp",
        "relative resource                   | invalid_target            | &resource=%2Feverything%2Fmcp",
        "repeated state                      | invalid_request           | &state=again",
    })
    void errorsBeforeConsentShowAPageAndNeverRedirectToTheClient(String what, String error, String override) {
        String query = authorizeQuery("");
        // Remove the parameter being overridden (when single-valued), then append the bad one.
        String name = override.contains("=") ? override.substring(1, override.indexOf('=')) : override.substring(1);
        if (!name.equals("resource") && !name.equals("state")) {
            query = query.replaceAll("&" + name + "=[^&]*", "");
        }
        HttpResponse<String> r = browser.get(gw.uri(query + (override.contains("=") ? override : "")));
        assertThat(r.statusCode()).as(what).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).as(what).isEmpty();
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).as(what).contains(error).doesNotContain("<script");
        assertThat(r.headers().allValues("Set-Cookie")).as("no consent started").isEmpty();
    }

    /** The open-redirector request: an open registration with a phishing landing, then a bad authorization request. */
    @Test
    void aDynamicallyRegisteredPhishingRedirectIsNeverTheTargetOfAnErrorRedirect() {
        String phishing = registerOverHttp("https://evil.example/landing", "Totally Claude");
        for (String bad : List.of("&response_type=token", "", "&response_type=code",
                "&response_type=code&code_challenge=" + pkce.challenge() + "&code_challenge_method=plain")) {
            HttpResponse<String> r = browser.get(gw.uri("/authorize?client_id=" + enc(phishing) + bad));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).as(bad).isEmpty();
            assertThat(r.body()).doesNotContain("evil.example");
        }
    }

    /** Registers a public client through {@code POST /register}, as anyone on the internet can. */
    static String registerOverHttp(String redirect, String name) {
        try {
            HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(gw.uri("/register")).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"" + redirect
                            + "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"" + name + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"client_id\":\"([^\"]+)\"").matcher(r.body());
            assertThat(m.find()).isTrue();
            return m.group(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unknownScopeValuesAreIgnoredAndTheKnownOnesGranted() {
        HttpResponse<String> page = browser.get(gw.uri(authorizeQuery("&scope=claudeai%20mcp%3Atools")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("mcp:tools").doesNotContain("claudeai");
        HttpResponse<String> onlyUnknown = browser.get(gw.uri(authorizeQuery("&scope=claudeai")));
        assertThat(onlyUnknown.statusCode()).isEqualTo(200);
        assertThat(onlyUnknown.body()).contains("mcp:tools");
    }

    /**
     * The consent bypass through the upstream login: the attacker registers, authorizes and approves in his own
     * browser, then sends the GitHub link of his approval to a victim who is signed in at GitHub. The victim's
     * browser has no login cookie of that flow: no code, an HTML page, the GitHub code never redeemed, an audit line.
     */
    @Test
    void anApprovalReplayedInAnotherBrowserThroughGitHubIssuesNoCode() {
        String attackerClient = registerOverHttp("https://attacker.example/cb", "Totally Claude");
        BrowserSession attacker = new BrowserSession();
        HttpResponse<String> page = attacker.get(gw.uri("/authorize?response_type=code&client_id=" + enc(attackerClient)
                + "&redirect_uri=" + enc("https://attacker.example/cb") + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256&state=st123"));
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> approved = attacker.postForm(gw.uri("/consent"), "request="
                + enc(BrowserSession.hidden(page.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(page.body(), "csrf_token")) + "&decision=approve");
        String githubLink = approved.headers().firstValue("Location").orElseThrow();
        assertThat(githubLink).startsWith(github.url() + "/login/oauth/authorize?");

        github.signedInAs(new GitHubStandIn.User(1001, "alice", "Victim", "victim@example.com", "victim@example.com"));
        int tokenRequests = github.tokenRequests.get();
        BrowserSession victim = new BrowserSession();
        try (AuditLog audit = AuditLog.of(AuthorizationFlow.class)) {
            HttpResponse<String> back = victim.get(URI.create(githubLink));
            assertThat(back.statusCode()).as("GitHub skips its prompt for a returning user").isEqualTo(302);
            URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> r = victim.get(gw.uri(callback.getRawPath() + "?" + callback.getRawQuery()));

            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(r.body()).contains("another browser").doesNotContain("code=").doesNotContain("attacker.example");
            assertThat(github.tokenRequests.get()).as("the victim's GitHub code is never redeemed").isEqualTo(tokenRequests);
            assertThat(audit.lines()).anyMatch(l -> l.startsWith("event=login_rejected reason=browser_binding")
                    && l.contains("client_id=" + attackerClient));

            // The state is spent: the attacker cannot finish it in his own browser afterwards either.
            HttpResponse<String> replay = attacker.get(gw.uri(callback.getRawPath() + "?" + callback.getRawQuery()));
            assertThat(replay.statusCode()).isEqualTo(400);
            assertThat(replay.headers().firstValue("Location")).isEmpty();
        }
    }

    @Test
    void aCallbackWithAnotherFlowsCookieOrAForgedCookieIssuesNoCode() {
        // The victim has a sign-in of his own in progress (his own login cookie), and a forged cookie of the right name.
        BrowserSession victim = new BrowserSession();
        HttpResponse<String> victimPage = victim.get(gw.uri(authorizeQuery("")));
        victim.postForm(gw.uri("/consent"), "request=" + enc(BrowserSession.hidden(victimPage.body(), "request"))
                + "&csrf_token=" + enc(BrowserSession.hidden(victimPage.body(), "csrf_token")) + "&decision=approve");
        HttpResponse<String> toGitHub = consent("approve");
        String cookie = toGitHub.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mcpgw_login_"))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Max-Age=600").contains("Path=/");
        HttpResponse<String> back = victim.get(URI.create(toGitHub.headers().firstValue("Location").orElseThrow()));
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        String path = callback.getRawPath() + "?" + callback.getRawQuery();

        HttpResponse<String> withOtherCookie = victim.get(gw.uri(path));
        assertThat(withOtherCookie.statusCode()).isEqualTo(403);
        assertThat(withOtherCookie.headers().firstValue("Location")).isEmpty();

        // Same flow again, now with a cookie of the right name and a forged value.
        HttpResponse<String> second = consent("approve");
        String name = second.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("mcpgw_login_"))
                .findFirst().orElseThrow().split("=", 2)[0];
        HttpResponse<String> back2 = browser.get(URI.create(second.headers().firstValue("Location").orElseThrow()));
        URI callback2 = URI.create(back2.headers().firstValue("Location").orElseThrow());
        String forged = rawGet(callback2.getRawPath() + "?" + callback2.getRawQuery(),
                "Cookie: " + name + "=" + io.mcpgw.oauth.Secrets.random());
        assertThat(forged).contains("HTTP/1.1 403").doesNotContain("Location:");
    }

    @Test
    void theLoginCookieIsClearedWhenTheSignInCompletes() {
        HttpResponse<String> done = approveAndSignIn();
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(done.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("mcpgw_login_") && c.contains("Max-Age=0"));
    }

    /** A client connecting two services opens two consent pages in one browser: both can be approved. */
    @Test
    void twoConsentPagesInOneBrowserCanBothBeApprovedAndSignedIn() {
        String second = registerClient("Second", List.of(REDIRECT));
        HttpResponse<String> first = browser.get(gw.uri(authorizeQuery("")));
        HttpResponse<String> other = browser.get(gw.uri(authorizeQuery("").replace("client_id=" + enc(clientId),
                "client_id=" + enc(second)).replace("state=st-1", "state=st-2")));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(other.statusCode()).isEqualTo(200);
        List<String> callbacks = new java.util.ArrayList<>();
        for (HttpResponse<String> page : List.of(first, other)) {
            HttpResponse<String> approved = browser.postForm(gw.uri("/consent"), "request="
                    + enc(BrowserSession.hidden(page.body(), "request")) + "&csrf_token="
                    + enc(BrowserSession.hidden(page.body(), "csrf_token")) + "&decision=approve");
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
            HttpResponse<String> back = browser.get(URI.create(approved.headers().firstValue("Location").orElseThrow()));
            callbacks.add(back.headers().firstValue("Location").orElseThrow());
        }
        for (int i = 0; i < 2; i++) {
            URI callback = URI.create(callbacks.get(i));
            HttpResponse<String> done = browser.get(gw.uri(callback.getRawPath() + "?" + callback.getRawQuery()));
            assertThat(done.statusCode()).isEqualTo(302);
            assertThat(BrowserSession.query(done.headers().firstValue("Location").orElseThrow()))
                    .containsKey("code").containsEntry("state", "st-" + (i + 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "claude.ai:/api/mcp/auth_callback          | claude.ai:&#47;api&#47;mcp&#47;auth_callback",
        "com.example.app:/cb?a=1&b=2               | com.example.app:&#47;cb?a=1&amp;b=2",
    })
    void aPrivateUseSchemeRedirectIsShownWholeAndNamedAnApplicationOnThisDevice(String redirect, String shown) {
        String app = registerClient("App", List.of(redirect));
        HttpResponse<String> page = browser.get(gw.uri("/authorize?response_type=code&client_id=" + enc(app)
                + "&redirect_uri=" + enc(redirect) + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<dd id=\"redirect-host\">" + shown + "</dd>")
                .contains("id=\"app-redirect\"").contains("opens an application on this device");
    }

    @Test
    void aWebRedirectShowsItsHostAndNoApplicationNotice() {
        HttpResponse<String> page = browser.get(gw.uri(authorizeQuery("")));
        assertThat(page.body()).contains("<dd id=\"redirect-host\">127.0.0.1</dd>").doesNotContain("id=\"app-redirect\"");
    }

    /** A request with headers HttpClient would not send as given (a forged cookie), over a plain socket. */
    static String rawGet(String pathAndQuery, String... headers) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gw.uri("/").getPort())) {
            StringBuilder req = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void forgedConsentFromAnotherBrowserIsRefused() {
        HttpResponse<String> page = browser.get(gw.uri(authorizeQuery("")));
        BrowserSession victim = new BrowserSession();
        HttpResponse<String> r = victim.postForm(gw.uri("/consent"), "request=" + enc(BrowserSession.hidden(page.body(), "request"))
                + "&csrf_token=" + enc(BrowserSession.hidden(page.body(), "csrf_token")) + "&decision=approve");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void consentWithAWrongCsrfTokenIsRefused() {
        HttpResponse<String> page = browser.get(gw.uri(authorizeQuery("")));
        HttpResponse<String> r = browser.postForm(gw.uri("/consent"), "request="
                + enc(BrowserSession.hidden(page.body(), "request")) + "&csrf_token=wrong&decision=approve");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aConsentFormCanBeAnsweredOnlyOnce() {
        HttpResponse<String> page = browser.get(gw.uri(authorizeQuery("")));
        String form = "request=" + enc(BrowserSession.hidden(page.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(page.body(), "csrf_token")) + "&decision=approve";
        assertThat(browser.postForm(gw.uri("/consent"), form).statusCode()).isEqualTo(302);
        HttpResponse<String> again = browser.postForm(gw.uri("/consent"), form);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void theUpstreamStateIsSingleUse() {
        HttpResponse<String> toGitHub = consent("approve");
        HttpResponse<String> back = browser.get(URI.create(toGitHub.headers().firstValue("Location").orElseThrow()));
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        String path = callback.getRawPath() + "?" + callback.getRawQuery();
        assertThat(browser.get(gw.uri(path)).statusCode()).isEqualTo(302);
        HttpResponse<String> replay = browser.get(gw.uri(path));
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void aCallbackWithAnUnknownOrMissingStateShowsAPage() {
        assertThat(browser.get(gw.uri("/callback?code=x&state=forged")).statusCode()).isEqualTo(400);
        assertThat(browser.get(gw.uri("/callback?code=x")).statusCode()).isEqualTo(400);
        assertThat(browser.get(gw.uri("/callback")).statusCode()).isEqualTo(400);
    }

    @Test
    void stateWithMarkupComesBackUnchangedAndEncoded() {
        String evil = "<script>\"x\"&y=1";
        HttpResponse<String> page = browser.get(gw.uri(authorizeQuery("").replace("&state=st-1", "&state=" + enc(evil))));
        HttpResponse<String> toGitHub = browser.postForm(gw.uri("/consent"), "request="
                + enc(BrowserSession.hidden(page.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(page.body(), "csrf_token")) + "&decision=deny");
        String location = toGitHub.headers().firstValue("Location").orElseThrow();
        assertThat(location).doesNotContain("<").doesNotContain("\"");
        assertThat(BrowserSession.query(location)).containsEntry("state", evil);
    }

    @Test
    void noRequestValueIsReflectedIntoResponseHeaders() {
        HttpResponse<String> r = browser.get(gw.uri(authorizeQuery("&Location=https%3A%2F%2Fevil&X-Echo=1&Set-Cookie=a%3Db")));
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Echo") || h.equalsIgnoreCase("Location"));
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("a=b"));
    }
}
