package io.mcpgw.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.mcpgw.GatewayApplication;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.code.AuthorizationCode;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.main.Main;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token routes over real HTTP against the whole gateway started in-process. */
class TokenRoutesTest {
    private static final String REDIRECT = "http://127.0.0.1:9696/oauth/callback";
    private static final String VERIFIER = "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag";
    private static final String SECRET = "a secret: with & and %";
    private static final UserIdentity ALICE = new UserIdentity("1001", "alice", "alice@example.com", "Alice");

    private static Main main;
    private static String base;
    private static String resource;
    private static ClientRepository clients;
    private static AuthorizationCodeStore codes;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startGateway() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        GatewaySettings settings = SettingsLoader.load(Map.of("GATEWAY_PORT", String.valueOf(port)));
        base = "http://127.0.0.1:" + port;
        resource = settings.issuer() + "/everything/mcp";
        main = GatewayApplication.newMain(settings);
        main.start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> get("/.well-known/oauth-authorization-server").statusCode() == 200);
        Registry registry = main.getCamelContext().getRegistry();
        clients = registry.lookupByNameAndType("clientRepository", ClientRepository.class);
        codes = registry.lookupByNameAndType("authorizationCodeStore", AuthorizationCodeStore.class);
        publicClient("pub");
    }

    @AfterAll
    static void stopGateway() {
        if (main != null) {
            main.stop();
        }
    }

    private static void publicClient(String id) {
        clients.save(new RegisteredClient(id, Optional.empty(), RegisteredClient.AUTH_NONE, List.of(REDIRECT), id,
                "mcp:tools", List.of("authorization_code", "refresh_token"), List.of("code"), Map.of(), 0, 0, "h"));
    }

    private static void confidentialClient(String id, String method) {
        clients.save(new RegisteredClient(id, Optional.of(Secrets.hash(SECRET)), method, List.of(REDIRECT), id,
                "mcp:tools", List.of("authorization_code", "refresh_token"), List.of("code"), Map.of(), 0, 0, "h"));
    }

    private static String code(String clientId) {
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.sha256(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        return codes.issue(new AuthorizationCode(clientId, REDIRECT, challenge, "mcp:tools", List.of(resource),
                ALICE, Secrets.random(16), 0));
    }

    private static String form(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parts.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest postForm(String path, String body, String... headers) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return HTTP.send(postForm(path, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private static String exchangeBody(String clientId, String code) {
        return form("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", REDIRECT, "code_verifier", VERIFIER);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.parseUntrusted(r.body());
    }

    private static JsonNode exchange() throws Exception {
        HttpResponse<String> r = post("/token", exchangeBody("pub", code("pub")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void tokenWhenCodeIsExchangedThen200WithNoStore() throws Exception {
        HttpResponse<String> r = post("/token", exchangeBody("pub", code("pub")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
        JsonNode body = json(r);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.get("scope").asText()).isEqualTo("mcp:tools");
        assertThat(body.get("refresh_token").asText()).isNotEmpty();
        assertThat(SignedJWT.parse(body.get("access_token").asText()).getJWTClaimsSet().getAudience())
                .containsExactly(resource);
    }

    @Test
    void tokenWhen50ParallelRedemptionsOfOneCodeThenExactlyOneSucceeds() throws Exception {
        String code = code("pub");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(HTTP.sendAsync(postForm("/token", exchangeBody("pub", code)),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() != 200).toList();
        assertThat(refused).hasSize(49).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).isEqualTo("invalid_grant");
        });
    }

    @Test
    void refreshRevokeAndIntrospectOverHttp() throws Exception {
        JsonNode tokens = exchange();
        String refresh = tokens.get("refresh_token").asText();

        HttpResponse<String> refreshed = post("/token",
                form("grant_type", "refresh_token", "client_id", "pub", "refresh_token", refresh));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.headers().firstValue("Cache-Control")).contains("no-store");
        String newAccess = json(refreshed).get("access_token").asText();
        String newRefresh = json(refreshed).get("refresh_token").asText();
        assertThat(newRefresh).isNotEqualTo(refresh);

        HttpResponse<String> active = post("/introspect", form("client_id", "pub", "token", newAccess));
        assertThat(active.statusCode()).isEqualTo(200);
        assertThat(active.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(json(active).get("active").asBoolean()).isTrue();
        assertThat(json(active).get("client_id").asText()).isEqualTo("pub");
        assertThat(json(active).get("username").asText()).isEqualTo("alice");
        assertThat(json(active).get("aud").asText()).isEqualTo(resource);

        HttpResponse<String> revoked = post("/revoke", form("client_id", "pub", "token", newAccess));
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).isEmpty();

        HttpResponse<String> inactive = post("/introspect", form("client_id", "pub", "token", newAccess));
        assertThat(json(inactive).get("active").asBoolean()).isFalse();
        assertThat(json(inactive).size()).isEqualTo(1);

        assertThat(post("/revoke", form("client_id", "pub", "token", newRefresh)).statusCode()).isEqualTo(200);
        HttpResponse<String> dead = post("/token",
                form("grant_type", "refresh_token", "client_id", "pub", "refresh_token", newRefresh));
        assertThat(dead.statusCode()).isEqualTo(400);
        assertThat(json(dead).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void jwksWhenFetchedThenPublishesTheKidOfIssuedTokensCacheably() throws Exception {
        String kid = SignedJWT.parse(exchange().get("access_token").asText()).getHeader().getKeyID();

        HttpResponse<String> r = get("/jwks");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=300");
        List<String> kids = new ArrayList<>();
        json(r).get("keys").forEach(k -> {
            kids.add(k.get("kid").asText());
            assertThat(k.has("d")).isFalse();
        });
        assertThat(kids).contains(kid);
    }

    @Test
    void tokenWhenConfidentialClientsUseBasicOrPostThenBothWork() throws Exception {
        confidentialClient("conf-basic", RegisteredClient.AUTH_BASIC);
        confidentialClient("conf-post", RegisteredClient.AUTH_POST);
        String basic = "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode("conf-basic",
                StandardCharsets.UTF_8) + ":" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> viaBasic = post("/token", form("grant_type", "authorization_code",
                "code", code("conf-basic"), "redirect_uri", REDIRECT, "code_verifier", VERIFIER),
                "Authorization", basic);
        HttpResponse<String> viaPost = post("/token", exchangeBody("conf-post", code("conf-post")) + "&"
                + form("client_secret", SECRET));
        HttpResponse<String> wrong = post("/token", exchangeBody("conf-post", code("conf-post")) + "&"
                + form("client_secret", "nope"));

        assertThat(viaBasic.statusCode()).as(viaBasic.body()).isEqualTo(200);
        assertThat(viaPost.statusCode()).as(viaPost.body()).isEqualTo(200);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("error").asText()).isEqualTo("invalid_client");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Basic"));
    }

    @Test
    void tokenWhenBodyIsJsonThen400InvalidRequest() throws Exception {
        HttpResponse<String> r = HTTP.send(request("/token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"authorization_code\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("invalid_request");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void tokenWhenParameterIsRepeatedOverHttpThen400InvalidRequest() throws Exception {
        HttpResponse<String> r = post("/token", exchangeBody("pub", code("pub")) + "&code=again");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void tokenWhenGetThen405() throws Exception {
        assertThat(get("/token").statusCode()).isEqualTo(405);
        assertThat(get("/revoke").statusCode()).isEqualTo(405);
        assertThat(get("/introspect").statusCode()).isEqualTo(405);
    }

    @Test
    void repliesWhenRequestCarriesHeaderLikeValuesThenNoneIsReflected() throws Exception {
        String body = exchangeBody("pub", code("pub")) + "&" + form("Location", "https://evil.example/",
                "X-Reflected", "yes");
        HttpResponse<String> ok = post("/token", body, "X-Test", "probe");
        HttpResponse<String> error = post("/token", form("grant_type", "authorization_code", "client_id", "pub",
                "Location", "https://evil.example/", "code_verifier", VERIFIER), "X-Test", "probe");
        HttpResponse<String> revoke = post("/revoke", form("client_id", "pub", "token", "x",
                "Location", "https://evil.example/"), "X-Test", "probe");

        for (HttpResponse<String> r : List.of(ok, error, revoke)) {
            assertThat(r.headers().map().keySet()).as("headers of %s", r.statusCode())
                    .noneMatch(h -> h.equalsIgnoreCase("Location") || h.equalsIgnoreCase("X-Test")
                            || h.equalsIgnoreCase("X-Reflected") || h.equalsIgnoreCase("code_verifier")
                            || h.equalsIgnoreCase("client_id") || h.equalsIgnoreCase("code"));
        }
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(revoke.statusCode()).isEqualTo(200);
    }
}
