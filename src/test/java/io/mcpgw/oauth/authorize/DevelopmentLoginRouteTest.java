package io.mcpgw.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.AuditLog;
import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.Pkce;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With no upstream configured, consent leads to the local development login page; the login is bound to the browser
 * that approved, and answers loopback host names only.
 */
class DevelopmentLoginRouteTest {
    static final String REDIRECT = "http://localhost:33418/callback";
    static InProcessGateway gw;

    @BeforeAll
    static void start() {
        gw = InProcessGateway.start(Map.of());
        gw.bean("resourceCatalog", ResourceCatalog.class).register("memory");
        gw.bean("clientRepository", ClientRepository.class).save(new RegisteredClient("dev-client", Optional.empty(),
                "none", List.of(REDIRECT), "Dev", "", List.of("authorization_code", "refresh_token"), List.of("code"),
                Map.of(), 0, 0, "x"));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Authorize and approve; returns the development login page address. */
    static String approve(BrowserSession browser) {
        Pkce pkce = Pkce.create();
        HttpResponse<String> page = browser.get(gw.uri("/authorize?response_type=code&client_id=dev-client&redirect_uri="
                + enc(REDIRECT) + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256&state=s"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("local development login");
        HttpResponse<String> approved = browser.postForm(gw.uri("/consent"), "request="
                + enc(BrowserSession.hidden(page.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(page.body(), "csrf_token")) + "&decision=approve");
        assertThat(approved.statusCode()).isEqualTo(302);
        String login = approved.headers().firstValue("Location").orElseThrow();
        assertThat(login).startsWith(gw.issuer() + "/login?state=");
        return login;
    }

    @Test
    void aUserNameSignsInAndTheClientGetsACode() {
        BrowserSession browser = new BrowserSession();
        URI login = URI.create(approve(browser));
        HttpResponse<String> form = browser.get(gw.uri(login.getRawPath() + "?" + login.getRawQuery()));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"username\"");
        assertThat(form.headers().firstValue("X-Frame-Options")).contains("DENY");
        HttpResponse<String> done = browser.postForm(gw.uri("/login"), "state="
                + enc(BrowserSession.hidden(form.body(), "state")) + "&username=Alice");
        assertThat(done.statusCode()).isEqualTo(302);
        Map<String, String> q = BrowserSession.query(done.headers().firstValue("Location").orElseThrow());
        assertThat(q).containsKey("code").containsEntry("state", "s").containsEntry("iss", gw.issuer());
    }

    @Test
    void aMalformedUserNameShowsTheFormAgainAndKeepsTheSignInAlive() {
        BrowserSession browser = new BrowserSession();
        URI login = URI.create(approve(browser));
        String state = BrowserSession.query(login.toString()).get("state");
        HttpResponse<String> bad = browser.postForm(gw.uri("/login"), "state=" + enc(state) + "&username="
                + enc("<b>x</b> y"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("name=\"username\"").doesNotContain("<b>");
        HttpResponse<String> good = browser.postForm(gw.uri("/login"), "state=" + enc(state) + "&username=bob");
        assertThat(good.statusCode()).isEqualTo(302);
        assertThat(BrowserSession.query(good.headers().firstValue("Location").orElseThrow())).containsKey("code");
    }

    /** The consent bypass with the development login: the login link of one browser replayed in another. */
    @Test
    void aLoginLinkOpenedInAnotherBrowserIssuesNoCodeAndIsLogged() {
        BrowserSession attacker = new BrowserSession();
        URI login = URI.create(approve(attacker));
        String state = BrowserSession.query(login.toString()).get("state");
        BrowserSession victim = new BrowserSession();
        try (AuditLog audit = AuditLog.of(AuthorizationFlow.class)) {
            HttpResponse<String> form = victim.get(gw.uri(login.getRawPath() + "?" + login.getRawQuery()));
            assertThat(form.statusCode()).isEqualTo(403);
            assertThat(form.body()).contains("another browser").doesNotContain("name=\"username\"");

            HttpResponse<String> submit = victim.postForm(gw.uri("/login"), "state=" + enc(state) + "&username=victim");
            assertThat(submit.statusCode()).isEqualTo(403);
            assertThat(submit.headers().firstValue("Location")).isEmpty();
            assertThat(submit.body()).doesNotContain("code=");

            HttpResponse<String> badName = victim.postForm(gw.uri("/login"), "state=" + enc(state) + "&username=%3Cb%3E");
            assertThat(badName.statusCode()).as("state already spent").isEqualTo(400);
            assertThat(audit.lines()).anyMatch(l -> l.startsWith("event=login_rejected reason=browser_binding")
                    && l.contains("client_id=dev-client") && l.contains("login=local-development"));
        }
        HttpResponse<String> late = attacker.postForm(gw.uri("/login"), "state=" + enc(state) + "&username=attacker");
        assertThat(late.statusCode()).as("the rejected attempt spent the state").isEqualTo(400);
        assertThat(late.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void theLoginCookieIsLaxHttpOnlyAndPlainOnAnHttpIssuer() {
        BrowserSession browser = new BrowserSession();
        HttpResponse<String> page = browser.get(gw.uri("/authorize?response_type=code&client_id=dev-client&redirect_uri="
                + enc(REDIRECT) + "&code_challenge=" + Pkce.create().challenge() + "&code_challenge_method=S256"));
        HttpResponse<String> approved = browser.postForm(gw.uri("/consent"), "request="
                + enc(BrowserSession.hidden(page.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(page.body(), "csrf_token")) + "&decision=approve");
        assertThat(approved.headers().allValues("Set-Cookie")).anyMatch(c -> c.matches(
                "mcpgw_login_[A-Za-z0-9_-]{16}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax; Max-Age=600"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "GET /authorize?client_id=dev-client HTTP/1.1        | Host: mcp.example.com",
        "GET /authorize?client_id=dev-client HTTP/1.1        | Host: mcp.example.com:443",
        "GET /authorize?client_id=dev-client HTTP/1.1        | Host: 127.0.0.1.nip.io",
        "GET /authorize?client_id=dev-client HTTP/1.1        | Host: localhost.example.com",
        "GET /authorize?client_id=dev-client HTTP/1.1        | Host: 127.0.0.1;;X-Forwarded-Host: mcp.example.com",
        "GET /authorize?client_id=dev-client HTTP/1.1        | Host: localhost;;Host: mcp.example.com",
        "GET /authorize?client_id=dev-client&Host=localhost HTTP/1.1 | Host: mcp.example.com",
        "GET /login?state=x HTTP/1.1                         | Host: mcp.example.com",
        "GET /callback?state=x&code=y HTTP/1.1               | Host: mcp.example.com",
        "POST /consent HTTP/1.1                              | Host: mcp.example.com;;Content-Type: application/x-www-form-urlencoded;;Content-Length: 0",
        "POST /login HTTP/1.1                                | Host: mcp.example.com;;Content-Type: application/x-www-form-urlencoded;;Content-Length: 0",
        "GET /authorize?client_id=dev-client HTTP/1.0        | User-Agent: no-host",
    })
    void aRequestForAPublicHostNameIsRefusedWhileTheDevelopmentLoginIsOn(String requestLine, String headers) {
        String answer = raw(requestLine + "\r\n" + headers.replace(";;", "\r\n") + "\r\nConnection: close\r\n\r\n");
        // 421 from the gateway-wide Host check (HostCheck) comes first for a foreign name; the development login's own
        // 403 is the second line of defence (e.g. a request without any Host). Either way: no page, no cookie, no redirect.
        assertThat(answer).matches("(?s)HTTP/1\\.[01] (403 .*only answers on this computer.*|421 .*)")
                .doesNotContain("Location:").doesNotContain("Set-Cookie:");
    }

    @ParameterizedTest(name = "Host: {0}")
    @CsvSource({"localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:1234", "[::1]:80"})
    void aLoopbackHostIsServed(String host) {
        String answer = raw("GET /authorize?response_type=code&client_id=dev-client&redirect_uri=" + enc(REDIRECT)
                + "&code_challenge=" + Pkce.create().challenge() + "&code_challenge_method=S256 HTTP/1.1\r\nHost: "
                + host + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200");
    }

    static String raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", gw.uri("/").getPort())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theLoginPageNeedsAPendingSignIn() {
        BrowserSession browser = new BrowserSession();
        assertThat(browser.get(gw.uri("/login?state=nothing")).statusCode()).isEqualTo(400);
        assertThat(browser.postForm(gw.uri("/login"), "state=nothing&username=bob").statusCode()).isEqualTo(400);
    }
}
