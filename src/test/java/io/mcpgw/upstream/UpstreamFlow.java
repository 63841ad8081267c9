package io.mcpgw.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.Pkce;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * What an MCP client and its user do against a gateway with a real upstream login, step by step over HTTP:
 * register, authorize, consent (the consent page is kept to assert on), then the upstream's part is the caller's;
 * then token, refresh, and an MCP session on {@code everything} with the access token.
 */
final class UpstreamFlow {
    static final String REDIRECT = "http://127.0.0.1:45679/callback";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    /** MCP requests on their own connections: a refused one may close its connection before the body is read. */
    static final HttpClient MCP_HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    final InProcessGateway gw;
    final BrowserSession browser = new BrowserSession();
    final Pkce pkce = Pkce.create();
    String clientId;
    String consentPage;

    private final String resource;

    UpstreamFlow(InProcessGateway gw) {
        this(gw, gw.issuer() + "/everything/mcp");
    }

    /** @param resource the MCP resource the client asks tokens for */
    UpstreamFlow(InProcessGateway gw, String resource) {
        this.gw = gw;
        this.resource = resource;
    }

    String resource() {
        return resource;
    }

    /** Registers a client, opens the consent page and approves it; returns where the gateway sends the browser. */
    String approve() throws Exception {
        HttpResponse<String> reg = post("/register", "application/json", "{\"redirect_uris\":[\"" + REDIRECT
                + "\"],\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"response_types\":[\"code\"],\"client_name\":\"Upstream test " + System.nanoTime() + "\"}");
        if (reg.statusCode() != 201) {
            throw new AssertionError("register: " + reg.statusCode() + " " + reg.body());
        }
        clientId = Json.parseUntrusted(reg.body()).path("client_id").asText();
        HttpResponse<String> consent = browser.get(gw.uri("/authorize?response_type=code&client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256&state=st&resource=" + enc(resource())));
        if (consent.statusCode() != 200) {
            throw new AssertionError("authorize: " + consent.statusCode() + " " + consent.body());
        }
        consentPage = consent.body();
        HttpResponse<String> approved = browser.postForm(gw.uri("/consent"), "request="
                + enc(BrowserSession.hidden(consentPage, "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(consentPage, "csrf_token")) + "&decision=approve");
        return approved.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("consent: " + approved.statusCode() + " " + approved.body()));
    }

    /** The query of the gateway's redirect to the client (code or error). */
    static Map<String, String> clientRedirect(HttpResponse<String> callbackAnswer) {
        String location = callbackAnswer.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("callback: " + callbackAnswer.statusCode() + " " + callbackAnswer.body()));
        if (!location.startsWith(REDIRECT)) {
            throw new AssertionError("not a redirect to the client: " + location);
        }
        return BrowserSession.query(location);
    }

    HttpResponse<String> redeem(String code) throws Exception {
        return post("/token", "application/x-www-form-urlencoded", "grant_type=authorization_code&code=" + enc(code)
                + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + enc(clientId) + "&code_verifier="
                + pkce.verifier() + "&resource=" + enc(resource()));
    }

    HttpResponse<String> refresh(String refreshToken) throws Exception {
        return post("/token", "application/x-www-form-urlencoded", "grant_type=refresh_token&refresh_token="
                + enc(refreshToken) + "&client_id=" + enc(clientId));
    }

    /** initialize + notifications/initialized on {@code everything}; the session id. */
    String openSession(String accessToken) throws Exception {
        HttpResponse<String> init = mcp(accessToken, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"upstream-test\",\"version\":\"1\"}}}");
        if (init.statusCode() != 200) {
            throw new AssertionError("initialize: " + init.statusCode() + " " + init.body());
        }
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> n = mcp(accessToken, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        if (n.statusCode() != 202) {
            throw new AssertionError("initialized: " + n.statusCode() + " " + n.body());
        }
        return session;
    }

    HttpResponse<String> mcp(String accessToken, String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/everything/mcp")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + accessToken).POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return MCP_HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String type, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gw.uri(path)).timeout(Duration.ofSeconds(30)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.parseUntrusted(r.body());
    }

    static JsonNode accessClaims(String accessToken) throws Exception {
        return Json.parseUntrusted(new String(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                StandardCharsets.UTF_8));
    }

    /** Child processes of this JVM running the {@code everything} server. */
    static long everythingChildren() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("server-everything")).count();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static URI base(InProcessGateway gw) {
        return gw.uri("");
    }
}
