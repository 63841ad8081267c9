package io.mcpgw.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.Pkce;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One audit event per security-relevant action, on the {@code audit} logger, through a real gateway over HTTP:
 * registration, consent approved and denied, login success and a login finished in another browser (failure), token
 * issued, refreshed, revoked, an authorization code replayed, a refresh token reused, a signing key rotated (admin).
 * No event carries a token, a code, a verifier or a client secret.
 */
class AuditEventsTest {
    static final String REDIRECT = "http://127.0.0.1:47123/callback";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    static InProcessGateway gw;
    static String base;

    @BeforeAll
    static void start() {
        gw = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0"));
        base = "http://127.0.0.1:" + gw.port();
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void everySecurityRelevantActionIsOneAuditEventWithoutSecrets() throws Exception {
        List<String> secrets = new ArrayList<>();
        try (io.mcpgw.testsupport.AuditLog audit = io.mcpgw.testsupport.AuditLog.events()) {
            String clientId = field(post("/register", "application/json", "{\"redirect_uris\":[\"" + REDIRECT
                    + "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"audit test\"}"), "client_id");
            String resource = gw.issuer() + "/everything/mcp";

            // consent denied
            BrowserSession denier = new BrowserSession();
            HttpResponse<String> page = denier.get(authorize(clientId, Pkce.create(), resource));
            denier.postForm(uri("/consent"), consentForm(page, "deny"));

            // a login finished in another browser than the one that approved: refused
            BrowserSession approver = new BrowserSession();
            page = approver.get(authorize(clientId, Pkce.create(), resource));
            String state = state(approver.postForm(uri("/consent"), consentForm(page, "approve")));
            HttpResponse<String> other = new BrowserSession().postForm(uri("/login"), "state=" + enc(state)
                    + "&username=mallory");
            assertThat(other.statusCode()).isEqualTo(403);

            // a full login, the code redeemed twice (replay), a refresh, the old refresh token reused
            Pkce pkce = Pkce.create();
            BrowserSession browser = new BrowserSession();
            page = browser.get(authorize(clientId, pkce, resource));
            state = state(browser.postForm(uri("/consent"), consentForm(page, "approve")));
            String code = BrowserSession.query(browser.postForm(uri("/login"), "state=" + enc(state)
                    + "&username=alice").headers().firstValue("Location").orElseThrow()).get("code");
            String codeForm = "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT)
                    + "&client_id=" + enc(clientId) + "&code_verifier=" + pkce.verifier();
            HttpResponse<String> tokens = post("/token", "application/x-www-form-urlencoded", codeForm);
            String access = field(tokens, "access_token");
            String refresh = field(tokens, "refresh_token");
            String refreshForm = "grant_type=refresh_token&refresh_token=" + enc(refresh) + "&client_id="
                    + enc(clientId);
            HttpResponse<String> refreshed = post("/token", "application/x-www-form-urlencoded", refreshForm);
            String newAccess = field(refreshed, "access_token");
            String newRefresh = field(refreshed, "refresh_token");
            assertThat(post("/revoke", "application/x-www-form-urlencoded", "token=" + enc(newAccess)
                    + "&client_id=" + enc(clientId)).statusCode()).isEqualTo(200);
            // bad input: the used refresh token again (reuse: the grant is revoked), the used code again (replay)
            assertThat(post("/token", "application/x-www-form-urlencoded", refreshForm).statusCode()).isEqualTo(400);
            assertThat(post("/token", "application/x-www-form-urlencoded", codeForm).statusCode()).isEqualTo(400);
            secrets.addAll(List.of(code, access, refresh, newAccess, newRefresh, pkce.verifier(), state));

            // an administrator rotates the signing key
            gw.bean("signingKeys", SigningKeys.class).rotate();

            List<ILoggingEvent> events = audit.all();
            List<String> lines = audit.lines();
            assertThat(events).allSatisfy(e -> assertThat(e.getLoggerName()).isEqualTo("audit"));
            assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("event="));
            assertThat(names(lines)).contains("client_registered", "consent_denied", "consent_approved",
                    "login_rejected", "login_succeeded", "code_issued", "token_issued", "token_refreshed",
                    "access_token_revoked", "refresh_token_reuse", "grant_revoked", "code_replay",
                    "signing_key_rotated");
            assertThat(level(events, "refresh_token_reuse")).isEqualTo(Level.WARN);
            assertThat(level(events, "code_replay")).isEqualTo(Level.WARN);
            assertThat(level(events, "login_rejected")).isEqualTo(Level.WARN);
            assertThat(level(events, "token_issued")).isEqualTo(Level.INFO);
            assertThat(lines).filteredOn(l -> l.startsWith("event=token_issued ")).singleElement()
                    .satisfies(l -> assertThat(l).contains("client=" + clientId, "username=alice"));
            assertThat(lines).filteredOn(l -> l.startsWith("event=login_succeeded ")).hasSize(1);
            for (String line : lines) {
                for (String secret : secrets) {
                    assertThat(line).doesNotContain(secret);
                }
            }
        }
    }

    static List<String> names(List<String> lines) {
        return lines.stream().map(l -> l.substring("event=".length()).split(" ", 2)[0]).toList();
    }

    static Level level(List<ILoggingEvent> events, String name) {
        return events.stream().filter(e -> e.getFormattedMessage().startsWith("event=" + name + " "))
                .findFirst().orElseThrow().getLevel();
    }

    static URI authorize(String clientId, Pkce pkce, String resource) {
        return uri("/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri=" + enc(REDIRECT)
                + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256&state=s&resource="
                + enc(resource));
    }

    static String consentForm(HttpResponse<String> page, String decision) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return "request=" + enc(BrowserSession.hidden(page.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(page.body(), "csrf_token")) + "&decision=" + decision;
    }

    static String state(HttpResponse<String> toLogin) {
        return BrowserSession.query(toLogin.headers().firstValue("Location").orElseThrow()).get("state");
    }

    static URI uri(String path) {
        return URI.create(base + path);
    }

    static HttpResponse<String> post(String path, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(HttpResponse<String> r, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
