package io.mcpgw.testsupport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OAuth client that gets real tokens from a gateway running the local development login, over HTTP, the way an
 * MCP client and its user do: register (public client), authorize with PKCE and {@code resource}, approve consent,
 * sign in, exchange the code.
 */
public final class DevLoginClient {
    public static final String REDIRECT = "http://127.0.0.1:47123/callback";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Tokens of one grant. */
    public record Tokens(String clientId, String accessToken, String refreshToken) {
    }

    private final String base;
    private final String clientId;

    public DevLoginClient(String base) {
        this.base = base;
        this.clientId = register();
    }

    public String clientId() {
        return clientId;
    }

    private String register() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\","
                                + "\"client_name\":\"test client " + System.nanoTime() + "\"}")));
        return field(r, "client_id");
    }

    /** Runs the whole flow as {@code username} for {@code resource} (null = no resource parameter). */
    public Tokens login(String username, String resource, String scope) {
        Pkce pkce = Pkce.create();
        BrowserSession browser = new BrowserSession();
        HttpResponse<String> consent = browser.get(URI.create(base + "/authorize?response_type=code&client_id="
                + enc(clientId) + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256&state=s" + (resource == null ? "" : "&resource=" + enc(resource))
                + (scope == null ? "" : "&scope=" + enc(scope))));
        if (consent.statusCode() != 200) {
            throw new IllegalStateException("authorize: " + consent.statusCode() + " "
                    + consent.headers().firstValue("Location").orElse(consent.body()));
        }
        HttpResponse<String> toLogin = browser.postForm(URI.create(base + "/consent"), "request="
                + enc(BrowserSession.hidden(consent.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(consent.body(), "csrf_token")) + "&decision=approve");
        String state = BrowserSession.query(toLogin.headers().firstValue("Location").orElseThrow()).get("state");
        HttpResponse<String> done = browser.postForm(URI.create(base + "/login"), "state=" + enc(state)
                + "&username=" + enc(username));
        String code = BrowserSession.query(done.headers().firstValue("Location").orElseThrow()).get("code");
        HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(base + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code)
                        + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + enc(clientId) + "&code_verifier="
                        + pkce.verifier())));
        return new Tokens(clientId, field(token, "access_token"), field(token, "refresh_token"));
    }

    /** Revokes {@code token} (RFC 7009) as this client. */
    public int revoke(String token) {
        return send(HttpRequest.newBuilder(URI.create(base + "/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + enc(token) + "&client_id=" + enc(clientId))))
                .statusCode();
    }

    private static String field(HttpResponse<String> r, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
