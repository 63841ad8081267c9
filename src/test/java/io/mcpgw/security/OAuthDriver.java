package io.mcpgw.security;

import io.mcpgw.json.Json;
import io.mcpgw.testsupport.Pkce;
import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a client and its user do against an in-process gateway with the development login, step by step, so tests
 * can replay a code, reuse a refresh token or manage the client in between.
 */
final class OAuthDriver {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    record Code(String code, Pkce pkce) {
    }

    private final InProcessGateway gw;

    OAuthDriver(InProcessGateway gw) {
        this.gw = gw;
    }

    JsonNode register(String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(gw.uri("/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("register: " + r.statusCode() + " " + r.body());
        }
        return Json.parseUntrusted(r.body());
    }

    /** Authorize, consent and development login as {@code username}; the code from the redirect. */
    Code code(String clientId, String redirectUri, String username, String resource) {
        Pkce pkce = Pkce.create();
        BrowserSession browser = new BrowserSession();
        HttpResponse<String> consent = browser.get(gw.uri("/authorize?response_type=code&client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(redirectUri) + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256&state=s&resource=" + enc(resource)));
        if (consent.statusCode() != 200) {
            throw new IllegalStateException("authorize: " + consent.statusCode() + " " + consent.body());
        }
        HttpResponse<String> toLogin = browser.postForm(gw.uri("/consent"), "request="
                + enc(BrowserSession.hidden(consent.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(consent.body(), "csrf_token")) + "&decision=approve");
        String state = BrowserSession.query(toLogin.headers().firstValue("Location").orElseThrow()).get("state");
        HttpResponse<String> done = browser.postForm(gw.uri("/login"), "state=" + enc(state)
                + "&username=" + enc(username));
        return new Code(BrowserSession.query(done.headers().firstValue("Location").orElseThrow()).get("code"), pkce);
    }

    HttpResponse<String> redeem(String clientId, String redirectUri, Code code) throws Exception {
        return token("grant_type=authorization_code&code=" + enc(code.code()) + "&redirect_uri=" + enc(redirectUri)
                + "&client_id=" + enc(clientId) + "&code_verifier=" + code.pkce().verifier());
    }

    HttpResponse<String> refresh(String clientId, String refreshToken) throws Exception {
        return token("grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id=" + enc(clientId));
    }

    private HttpResponse<String> token(String form) throws Exception {
        return send(HttpRequest.newBuilder(gw.uri("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** {@code /verify} as the reverse proxy calls it for the path-form resource of {@code service}. */
    int verify(String accessToken, String service) throws Exception {
        URI issuer = URI.create(gw.issuer());
        return send(HttpRequest.newBuilder(gw.uri("/verify")).header("Authorization", "Bearer " + accessToken)
                .header("X-Forwarded-Proto", issuer.getScheme()).header("X-Forwarded-Host", issuer.getRawAuthority())
                .header("X-Forwarded-Uri", "/" + service + "/mcp").header("X-Forwarded-Method", "POST")).statusCode();
    }

    /**
     * A GET on the MCP route of {@code service} without a session: 401 when the token is refused, another status
     * (no session) once the access check has passed.
     */
    int mcpGet(String accessToken, String service) throws Exception {
        return send(HttpRequest.newBuilder(gw.uri("/" + service + "/mcp")).header("Authorization", "Bearer " + accessToken)
                .header("Accept", "text/event-stream")).statusCode();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.parseUntrusted(r.body());
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.timeout(java.time.Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
