package io.mcpgw.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.store.StateStore;
import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.GitHubStandIn;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.Pkce;
import io.mcpgw.testsupport.RedisServerProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole authorization server as a client and a user meet it, over real HTTP, against both stores:
 * register → authorize → consent → GitHub (stand-in) → callback → token → refresh → introspect → revoke, then the
 * key hygiene of the store (every key has a TTL, no raw secret at rest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullFlowTest {
    static final String REDIRECT = "http://127.0.0.1:45678/callback";
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    GitHubStandIn github;
    RedisServerProcess redis;
    InProcessGateway memoryGateway;
    InProcessGateway redisGateway;

    Stream<String> stores() {
        return Stream.of("memory", "redis");
    }

    synchronized InProcessGateway gateway(String store) throws Exception {
        if (github == null) {
            github = new GitHubStandIn("gh-id", "gh-secret");
        }
        Map<String, String> env = new HashMap<>(Map.of("GITHUB_CLIENT_ID", "gh-id", "GITHUB_CLIENT_SECRET", "gh-secret",
                "GITHUB_OAUTH_URL", github.url(), "GITHUB_API_URL", github.url(), "ALLOWED_GITHUB_USERS", "octocat",
                "REGISTER_RATE_LIMIT", "0"));
        if (store.equals("memory")) {
            if (memoryGateway == null) {
                memoryGateway = InProcessGateway.start(env);
                memoryGateway.bean("resourceCatalog", ResourceCatalog.class).register("everything");
            }
            return memoryGateway;
        }
        if (redisGateway == null) {
            redis = RedisServerProcess.create().start();
            env.put("REDIS_URL", redis.url());
            redisGateway = InProcessGateway.start(env);
            redisGateway.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        }
        return redisGateway;
    }

    @AfterAll
    void stop() {
        Stream.of(memoryGateway, redisGateway).filter(g -> g != null).forEach(InProcessGateway::close);
        if (redis != null) {
            redis.close();
        }
        if (github != null) {
            github.close();
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    HttpResponse<String> post(InProcessGateway gw, String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(gw.uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.parseUntrusted(r.body());
    }

    /** Registers a public client and runs the browser part; returns {clientId, code}. */
    String[] registerAndAuthorize(InProcessGateway gw, Pkce pkce) throws Exception {
        HttpResponse<String> reg = post(gw, "/register", "application/json", "{\"redirect_uris\":[\"" + REDIRECT
                + "\"],\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"response_types\":[\"code\"],\"client_name\":\"Flow " + System.nanoTime() + "\",\"scope\":\"mcp:tools\"}");
        assertThat(reg.statusCode()).isEqualTo(201);
        String clientId = json(reg).path("client_id").asText();
        String resource = gw.issuer() + "/everything/mcp";

        BrowserSession browser = new BrowserSession();
        HttpResponse<String> consent = browser.get(gw.uri("/authorize?response_type=code&client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256&state=flow&scope=mcp%3Atools&resource=" + enc(resource)));
        assertThat(consent.statusCode()).isEqualTo(200);
        HttpResponse<String> toGitHub = browser.postForm(gw.uri("/consent"), "request="
                + enc(BrowserSession.hidden(consent.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(consent.body(), "csrf_token")) + "&decision=approve");
        HttpResponse<String> back = browser.get(URI.create(toGitHub.headers().firstValue("Location").orElseThrow()));
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> done = browser.get(gw.uri(callback.getRawPath() + "?" + callback.getRawQuery()));
        Map<String, String> q = BrowserSession.query(done.headers().firstValue("Location").orElseThrow());
        assertThat(q).containsEntry("state", "flow").containsEntry("iss", gw.issuer());
        return new String[] {clientId, q.get("code")};
    }

    @ParameterizedTest(name = "{0} store")
    @MethodSource("stores")
    void registerAuthorizeTokenRefreshIntrospectRevoke(String store) throws Exception {
        InProcessGateway gw = gateway(store);
        Pkce pkce = Pkce.create();
        String[] reg = registerAndAuthorize(gw, pkce);
        String clientId = reg[0];
        String resource = gw.issuer() + "/everything/mcp";

        HttpResponse<String> token = post(gw, "/token", "application/x-www-form-urlencoded", "grant_type=authorization_code"
                + "&code=" + enc(reg[1]) + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + enc(clientId)
                + "&code_verifier=" + pkce.verifier() + "&resource=" + enc(resource));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode t = json(token);
        assertThat(t.path("token_type").asText()).isEqualToIgnoringCase("bearer");
        assertThat(t.path("scope").asText()).isEqualTo("mcp:tools");
        String access = t.path("access_token").asText();
        String refresh = t.path("refresh_token").asText();
        JsonNode claims = Json.parseUntrusted(new String(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]),
                StandardCharsets.UTF_8));
        assertThat(claims.path("iss").asText()).isEqualTo(gw.issuer());
        assertThat(claims.path("sub").asText()).isEqualTo("4242");
        assertThat(claims.path("username").asText()).isEqualTo("octocat");
        assertThat(claims.path("email").asText()).isEqualTo("octo@example.com");
        assertThat(claims.path("client_id").asText()).isEqualTo(clientId);
        assertThat(claims.toString()).contains(resource);

        HttpResponse<String> replay = post(gw, "/token", "application/x-www-form-urlencoded", "grant_type=authorization_code"
                + "&code=" + enc(reg[1]) + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + enc(clientId)
                + "&code_verifier=" + pkce.verifier());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json(replay).path("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> afterReplay = post(gw, "/introspect", "application/x-www-form-urlencoded",
                "token=" + enc(access) + "&client_id=" + enc(clientId));
        assertThat(json(afterReplay).path("active").asBoolean()).as("a replayed code revokes its tokens").isFalse();

        // A fresh grant for the refresh / revoke part.
        Pkce pkce2 = Pkce.create();
        String[] reg2 = registerAndAuthorize(gw, pkce2);
        JsonNode t2 = json(post(gw, "/token", "application/x-www-form-urlencoded", "grant_type=authorization_code"
                + "&code=" + enc(reg2[1]) + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + enc(reg2[0])
                + "&code_verifier=" + pkce2.verifier()));
        String refresh2 = t2.path("refresh_token").asText();
        HttpResponse<String> refreshed = post(gw, "/token", "application/x-www-form-urlencoded",
                "grant_type=refresh_token&refresh_token=" + enc(refresh2) + "&client_id=" + enc(reg2[0]));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode r = json(refreshed);
        assertThat(r.path("refresh_token").asText()).isNotBlank().isNotEqualTo(refresh2);
        String access3 = r.path("access_token").asText();

        HttpResponse<String> introspect = post(gw, "/introspect", "application/x-www-form-urlencoded",
                "token=" + enc(access3) + "&client_id=" + enc(reg2[0]));
        assertThat(json(introspect).path("active").asBoolean()).isTrue();
        assertThat(json(introspect).path("username").asText()).isEqualTo("octocat");

        HttpResponse<String> revoke = post(gw, "/revoke", "application/x-www-form-urlencoded",
                "token=" + enc(r.path("refresh_token").asText()) + "&client_id=" + enc(reg2[0]));
        assertThat(revoke.statusCode()).isEqualTo(200);
        assertThat(json(post(gw, "/introspect", "application/x-www-form-urlencoded",
                "token=" + enc(access3) + "&client_id=" + enc(reg2[0]))).path("active").asBoolean())
                .as("revoking the refresh token revokes its access tokens").isFalse();

        assertStoreHygiene(gw, refresh, refresh2, reg[1], reg2[1], access3);
    }

    /**
     * Every key written by the flow has a TTL (no eternal keys but the signing keys and the generated key of the
     * kept upstream tokens), and no raw secret is at rest: no token of ours, and no GitHub token ({@code gho_…}).
     */
    void assertStoreHygiene(InProcessGateway gw, String... secrets) {
        StateStore store = gw.bean("stateStore", StateStore.class);
        for (String key : store.keys("oauth:")) {
            Optional<java.time.Duration> ttl = store.ttl(key);
            if (ttl.isEmpty()) {
                continue;
            }
            if (!key.equals(SigningKeys.PUBLIC_KEYS) && !key.equals(SigningKeys.PRIVATE_KEYS)
                    && !key.equals("oauth:upstream_token_key")) {
                assertThat(ttl.get()).as("TTL of %s", key).isNotEqualTo(StateStore.ETERNAL);
            }
            Optional<String> value = key.startsWith("oauth:grant_tokens:") || key.startsWith("oauth:client_grants:")
                    || key.startsWith("oauth:user_grants:") || key.equals("oauth:client_index")
                    || key.equals("oauth:upstream_grants")
                    ? Optional.of(String.join(",", store.members(key))) : store.get(key);
            assertThat(value.orElse("")).as("value of %s", key).doesNotContain("gho_");
            for (String secret : secrets) {
                assertThat(key).doesNotContain(secret);
                value.ifPresent(v -> assertThat(v).as("value of %s", key).doesNotContain(secret));
            }
        }
    }

    @Test
    void deletingAClientRevokesItsTokens() throws Exception {
        InProcessGateway gw = gateway("memory");
        HttpResponse<String> reg = post(gw, "/register", "application/json", "{\"redirect_uris\":[\"" + REDIRECT
                + "\"],\"token_endpoint_auth_method\":\"client_secret_basic\",\"client_name\":\"Del\"}");
        JsonNode client = json(reg);
        String clientId = client.path("client_id").asText();
        String secret = client.path("client_secret").asText();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((enc(clientId) + ":" + enc(secret))
                .getBytes(StandardCharsets.UTF_8));
        Pkce pkce = Pkce.create();
        BrowserSession browser = new BrowserSession();
        HttpResponse<String> consent = browser.get(gw.uri("/authorize?response_type=code&client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256"));
        HttpResponse<String> toGitHub = browser.postForm(gw.uri("/consent"), "request="
                + enc(BrowserSession.hidden(consent.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(consent.body(), "csrf_token")) + "&decision=approve");
        URI callback = URI.create(browser.get(URI.create(toGitHub.headers().firstValue("Location").orElseThrow()))
                .headers().firstValue("Location").orElseThrow());
        String code = BrowserSession.query(browser.get(gw.uri(callback.getRawPath() + "?" + callback.getRawQuery()))
                .headers().firstValue("Location").orElseThrow()).get("code");
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(gw.uri("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + enc(code)
                        + "&redirect_uri=" + enc(REDIRECT) + "&code_verifier=" + pkce.verifier())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        String refresh = json(token).path("refresh_token").asText();

        HttpResponse<Void> deleted = http.send(HttpRequest.newBuilder(gw.uri("/register/" + clientId))
                .header("Authorization", "Bearer " + client.path("registration_access_token").asText()).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(deleted.statusCode()).isEqualTo(204);
        StateStore store = gw.bean("stateStore", StateStore.class);
        assertThat(store.keys("oauth:refresh:")).noneMatch(k -> k.endsWith(io.mcpgw.oauth.Secrets.hash(refresh)));
        assertThat(store.keys("oauth:client_grants:" + clientId)).isEmpty();
    }
}
