package io.mcpgw.security;

import static io.mcpgw.security.OAuthDriver.json;
import static io.mcpgw.security.OAuthDriver.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Over real HTTP on the in-process gateway: a shared public client cannot be taken over through RFC 7592, and every
 * revocation made by this process (code replay, client deletion, refresh-token reuse) refuses the revoked access
 * tokens at {@code /verify} and on the MCP route on the very next request — no waiting, although the tokens were in
 * the validated-token cache.
 */
class ClientTakeoverAndRevocationTest {
    static final String SERVICE = "fetchs";
    static final String CLAUDE_REDIRECT = "https://claude.ai/api/mcp/auth_callback";
    static final String CLAUDE = "{\"client_name\":\"Claude\",\"redirect_uris\":[\"" + CLAUDE_REDIRECT + "\"],"
            + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
            + "\"response_types\":[\"code\"],\"scope\":\"claudeai\"}";
    static final String LOOPBACK_REDIRECT = "http://127.0.0.1:47123/callback";

    static InProcessGateway gw;
    static OAuthDriver driver;
    static String resource;

    @BeforeAll
    static void start() {
        gw = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0"));
        driver = new OAuthDriver(gw);
        resource = gw.issuer() + "/" + SERVICE + "/mcp";
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void aSquatterOfClaudesPublicMetadataCannotRedirectRenameOrDeleteTheClientItsVictimUses() throws Exception {
        JsonNode squatter = driver.register(CLAUDE);
        String squatterToken = squatter.get("registration_access_token").asText();
        JsonNode victim = driver.register(CLAUDE);
        String clientId = victim.get("client_id").asText();
        assertThat(clientId).as("idempotent registration").isEqualTo(squatter.get("client_id").asText());
        assertThat(victim.has("registration_access_token")).isFalse();
        HttpResponse<String> tokens = driver.redeem(clientId, CLAUDE_REDIRECT,
                driver.code(clientId, CLAUDE_REDIRECT, "victim", resource));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String access = json(tokens).get("access_token").asText();
        String refresh = json(tokens).get("refresh_token").asText();

        HttpResponse<String> put = send(HttpRequest.newBuilder(gw.uri("/register/" + clientId))
                .header("Authorization", "Bearer " + squatterToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"" + clientId + "\",\"client_name\":"
                        + "\"Claude (verified)\",\"redirect_uris\":[\"https://attacker.example/cb\"],"
                        + "\"token_endpoint_auth_method\":\"none\"}")));
        HttpResponse<String> delete = send(HttpRequest.newBuilder(gw.uri("/register/" + clientId))
                .header("Authorization", "Bearer " + squatterToken).DELETE());
        HttpResponse<String> read = send(HttpRequest.newBuilder(gw.uri("/register/" + clientId))
                .header("Authorization", "Bearer " + squatterToken).GET());

        for (HttpResponse<String> refused : new HttpResponse[] {put, delete, read}) {
            assertThat(refused.statusCode()).as(refused.request().method()).isEqualTo(403);
            assertThat(json(refused).get("error").asText()).isEqualTo("invalid_token");
            assertThat(refused.body()).doesNotContain(squatterToken);
        }
        assertThat(driver.verify(access, SERVICE)).as("victim's access token").isEqualTo(200);
        HttpResponse<String> refreshed = driver.refresh(clientId, refresh);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode again = driver.register(CLAUDE);
        assertThat(again.get("client_name").asText()).isEqualTo("Claude");
        assertThat(again.get("redirect_uris").get(0).asText()).isEqualTo(CLAUDE_REDIRECT);
    }

    @Test
    void anUnsharedClientStaysManageableByItsRegistrant() throws Exception {
        JsonNode own = driver.register("{\"client_name\":\"Own " + System.nanoTime() + "\",\"redirect_uris\":[\""
                + LOOPBACK_REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}");
        HttpResponse<String> read = send(HttpRequest.newBuilder(gw.uri("/register/" + own.get("client_id").asText()))
                .header("Authorization", "Bearer " + own.get("registration_access_token").asText()).GET());
        assertThat(read.statusCode()).isEqualTo(200);
    }

    /** A client, a first grant's tokens, already validated once at both doors (so the cache holds them). */
    private record Warm(String clientId, JsonNode client, String access, String refresh, OAuthDriver.Code code) {
    }

    private Warm warm(String authMethod) throws Exception {
        JsonNode client = driver.register("{\"client_name\":\"Revocation " + System.nanoTime() + "\",\"redirect_uris\""
                + ":[\"" + LOOPBACK_REDIRECT + "\"],\"token_endpoint_auth_method\":\"" + authMethod + "\"}");
        String clientId = client.get("client_id").asText();
        OAuthDriver.Code code = driver.code(clientId, LOOPBACK_REDIRECT, "erin", resource);
        HttpResponse<String> tokens = driver.redeem(clientId, LOOPBACK_REDIRECT, code);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String access = json(tokens).get("access_token").asText();
        assertThat(driver.verify(access, SERVICE)).isEqualTo(200);
        assertThat(driver.mcpGet(access, SERVICE)).as("access check passed").isNotEqualTo(401);
        return new Warm(clientId, client, access, json(tokens).get("refresh_token").asText(), code);
    }

    private static void refusedOnTheVeryNextRequest(String access) throws Exception {
        assertThat(driver.verify(access, SERVICE)).as("/verify").isEqualTo(401);
        assertThat(driver.mcpGet(access, SERVICE)).as("MCP route").isEqualTo(401);
    }

    @Test
    void aReplayedCodeRevokesTheFirstRedemptionsTokensOnTheVeryNextRequest() throws Exception {
        Warm w = warm("none");

        HttpResponse<String> replay = driver.redeem(w.clientId(), LOOPBACK_REDIRECT, w.code());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json(replay).get("error").asText()).isEqualTo("invalid_grant");

        refusedOnTheVeryNextRequest(w.access());
    }

    @Test
    void deletingAClientRevokesItsTokensOnTheVeryNextRequest() throws Exception {
        Warm w = warm("none");

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(gw.uri("/register/" + w.clientId()))
                .header("Authorization", "Bearer " + w.client().get("registration_access_token").asText()).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);

        refusedOnTheVeryNextRequest(w.access());
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheGrantsTokensOnTheVeryNextRequest() throws Exception {
        Warm w = warm("none");
        HttpResponse<String> rotated = driver.refresh(w.clientId(), w.refresh());
        assertThat(rotated.statusCode()).isEqualTo(200);
        String successor = json(rotated).get("access_token").asText();
        assertThat(driver.verify(successor, SERVICE)).isEqualTo(200);
        assertThat(driver.mcpGet(successor, SERVICE)).isNotEqualTo(401);

        HttpResponse<String> reuse = driver.refresh(w.clientId(), w.refresh());
        assertThat(reuse.statusCode()).isEqualTo(400);
        assertThat(json(reuse).get("error").asText()).isEqualTo("invalid_grant");

        refusedOnTheVeryNextRequest(w.access());
        refusedOnTheVeryNextRequest(successor);
    }
}
