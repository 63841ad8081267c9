package io.mcpgw.oauth.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.Pkce;
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

/** CONTRACT §5: with no upstream configured, consent leads to the local development login page. */
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

    @Test
    void theLoginPageNeedsAPendingSignIn() {
        BrowserSession browser = new BrowserSession();
        assertThat(browser.get(gw.uri("/login?state=nothing")).statusCode()).isEqualTo(400);
        assertThat(browser.postForm(gw.uri("/login"), "state=nothing&username=bob").statusCode()).isEqualTo(400);
    }
}
