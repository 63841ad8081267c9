package io.mcpgw.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /verify} as Traefik's ForwardAuth calls it (forwarded headers from a loopback proxy), one test per failure
 * class, and the protected resource metadata it points clients to.
 */
class VerifyRouteTest {
    static InProcessGateway gw;
    static DevLoginClient client;
    static DevLoginClient.Tokens alice;
    static String everything;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        gw = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0", "MCP_CORS_ORIGINS", "https://inspector.example"));
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        gw.bean("resourceCatalog", ResourceCatalog.class).register("memory");
        everything = gw.issuer() + "/everything/mcp";
        client = new DevLoginClient("http://127.0.0.1:" + gw.port());
        alice = client.login("alice", everything, null);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    HttpResponse<String> verify(String authorization, String uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/verify"))
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "localhost:" + gw.port())
                .header("X-Forwarded-Uri", uri).header("X-Forwarded-Method", "POST");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String prm(String service) {
        return "resource_metadata=\"" + gw.issuer() + "/.well-known/oauth-protected-resource/" + service + "/mcp\"";
    }

    @Test
    void aValidTokenGivesTheIdentityHeadersAndNeverTheToken() throws Exception {
        HttpResponse<String> r = verify("Bearer " + alice.accessToken(), "/everything/mcp");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-User-Id")).contains("local-alice");
        assertThat(r.headers().firstValue("X-User-Name")).contains("alice");
        assertThat(r.headers().firstValue("X-Client-Id")).contains(client.clientId());
        assertThat(r.headers().map().toString()).doesNotContain(alice.accessToken());
        assertThat(r.headers().firstValue("X-Auth-Token")).isEmpty();
    }

    @Test
    void clientSuppliedIdentityHeadersAreNeverEchoed() throws Exception {
        HttpResponse<String> r = verify(null, "/everything/mcp", "X-User-Id", "1", "X-User-Name", "root",
                "X-Client-Id", "forged");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().map().toString()).doesNotContain("root").doesNotContain("forged");
        HttpResponse<String> ok = verify("Bearer " + alice.accessToken(), "/everything/mcp", "X-User-Name", "root");
        assertThat(ok.headers().allValues("X-User-Name")).containsExactly("alice");
    }

    @Test
    void noAuthorizationHeaderIs401WithTheResourceMetadataAndNoErrorCode() throws Exception {
        HttpResponse<String> r = verify(null, "/everything/mcp");
        assertThat(r.statusCode()).isEqualTo(401);
        String challenge = r.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).startsWith("Bearer ").contains(prm("everything")).doesNotContain("error=");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    }

    @Test
    void basicAndBareBearerCountAsNoToken() throws Exception {
        for (String auth : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer   ")) {
            HttpResponse<String> r = verify(auth, "/everything/mcp");
            assertThat(r.statusCode()).as(auth).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).as(auth).doesNotContain("error=");
        }
    }

    void assertInvalidToken(String token, String why) throws Exception {
        HttpResponse<String> r = verify("Bearer " + token, "/everything/mcp");
        assertThat(r.statusCode()).as(why).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).as(why)
                .contains("error=\"invalid_token\"").contains(prm("everything"));
        assertThat(r.body()).as(why).contains("invalid_token").doesNotContain(token);
    }

    @Test
    void garbageIsInvalid() throws Exception {
        assertInvalidToken("not-a-jwt", "garbage");
        assertInvalidToken("a.b.c", "three garbage segments");
    }

    @Test
    void aTamperedPayloadIsInvalid() throws Exception {
        String[] parts = alice.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"alice\"", "\"admin\"");
        assertInvalidToken(parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2], "tampered");
    }

    @Test
    void algNoneIsInvalid() throws Exception {
        String[] parts = alice.accessToken().split("\\.");
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
        assertInvalidToken(header + "." + parts[1] + ".", "alg none");
    }

    @Test
    void hs256SignedWithOurPublicKeyIsInvalid() throws Exception {
        RSAKey ours = (RSAKey) gw.bean("signingKeys", SigningKeys.class).current();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ours.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims(gw.issuer(), everything, Instant.now().plusSeconds(600)));
        jwt.sign(new MACSigner(ours.toRSAPublicKey().getEncoded()));
        assertInvalidToken(jwt.serialize(), "HS256 with the public key");
    }

    @Test
    void aForeignKeyWithOurKidIsInvalid() throws Exception {
        RSAKey ours = (RSAKey) gw.bean("signingKeys", SigningKeys.class).current();
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(ours.getKeyID()).generate();
        assertInvalidToken(sign(foreign, gw.issuer(), everything, Instant.now().plusSeconds(600)), "foreign key");
    }

    @Test
    void expiredWrongIssuerAndNeverIssuedTokensSignedByOurKeyAreInvalid() throws Exception {
        RSAKey ours = (RSAKey) gw.bean("signingKeys", SigningKeys.class).current();
        assertInvalidToken(sign(ours, gw.issuer(), everything, Instant.now().minusSeconds(120)), "expired");
        assertInvalidToken(sign(ours, "https://evil.example", everything, Instant.now().plusSeconds(600)), "wrong iss");
        assertInvalidToken(sign(ours, gw.issuer(), everything, Instant.now().plusSeconds(600)),
                "signed by us but never issued (no store record)");
    }

    @Test
    void aTokenForAnotherServiceIsInvalidHere() throws Exception {
        HttpResponse<String> r = verify("Bearer " + alice.accessToken(), "/memory/mcp");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
                .contains(prm("memory"));
    }

    @Test
    void aRevokedTokenStopsWorkingWithinASecond() throws Exception {
        DevLoginClient.Tokens bob = client.login("bob", everything, null);
        assertThat(verify("Bearer " + bob.accessToken(), "/everything/mcp").statusCode()).isEqualTo(200);
        assertThat(client.revoke(bob.accessToken())).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> verify("Bearer " + bob.accessToken(), "/everything/mcp").statusCode() == 401);
    }

    @Test
    void aTokenWithoutTheRequiredScopeGets403InsufficientScope() throws Exception {
        DevLoginClient.Tokens narrow = client.login("carol", everything, "openid");
        HttpResponse<String> r = verify("Bearer " + narrow.accessToken(), "/everything/mcp");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"insufficient_scope\"").contains("scope=\"mcp:tools\"").contains(prm("everything"));
    }

    HttpResponse<String> verifyVia(String host, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(gw.uri("/verify")).header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Host", host).header("X-Forwarded-Uri", "/everything/mcp")
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenForTheLocalhostUrlWorksWhenTheGatewayIsReachedAs127001AndTheOtherWayRound() throws Exception {
        assertThat(verifyVia("127.0.0.1:" + gw.port(), "Bearer " + alice.accessToken()).statusCode()).isEqualTo(200);
        DevLoginClient.Tokens viaIp = client.login("dave", "http://127.0.0.1:" + gw.port() + "/everything/mcp/", null);
        assertThat(verifyVia("localhost:" + gw.port(), "Bearer " + viaIp.accessToken()).statusCode()).isEqualTo(200);
        assertThat(verifyVia("127.0.0.1:" + gw.port(), "Bearer " + viaIp.accessToken()).statusCode()).isEqualTo(200);
        assertThat(verifyVia("localhost:" + gw.port(), "Bearer " + viaIp.accessToken()).headers()
                .firstValue("X-User-Name")).contains("dave");
    }

    @Test
    void theMcpRouteChallengesWithTheMetadataOfTheUrlTheClientUsed() throws Exception {
        for (String origin : List.of("http://127.0.0.1:" + gw.port(), "http://localhost:" + gw.port())) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(java.net.URI.create(origin + "/everything/mcp"))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
            String challenge = r.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertThat(challenge).contains("resource_metadata=\"" + origin + "/.well-known/oauth-protected-resource/everything/mcp\"");
            HttpResponse<String> prm = http.send(HttpRequest.newBuilder(java.net.URI.create(
                    origin + "/.well-known/oauth-protected-resource/everything/mcp")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(prm.body()).contains("\"resource\":\"" + origin + "/everything/mcp\"");
        }
    }

    @Test
    void aCallWithoutTheForwardedAddressIsABadRequestNotAnIdentity() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gw.uri("/verify"))
                .header("Authorization", "Bearer " + alice.accessToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("invalid_request").contains("X-Forwarded-Uri");
        assertThat(r.headers().firstValue("X-User-Id")).isEmpty();
    }

    /**
     * Bad inputs: every spelling that a normalizing proxy or upstream could read as {@code /memory/mcp} (dot segments,
     * {@code %2e}/{@code %2f}/{@code %5c} in either case, backslashes, duplicate slashes, matrix parameters, an encoded
     * letter) is a 400 and never an identity, whatever the token.
     */
    @Test
    void ambiguousForwardedPathsAreRefusedWith400AndNeverPassForAnotherService() throws Exception {
        List<String> spellings = List.of("/everything/../memory/mcp", "/everything/%2e%2e/memory/mcp",
                "/everything/%2E%2E/memory/mcp", "/everything/..%2fmemory/mcp", "/everything/..%2Fmemory/mcp",
                "/everything/..%5cmemory/mcp", "/everything/..\\memory/mcp", "/everything/mcp/../../memory/mcp",
                "//memory/mcp", "/memory//mcp", "/./memory/mcp", "/memory/./mcp", "/%6demory/mcp",
                "/everything%2fmcp", "/everything/mcp;/../../memory/mcp", "/everything/%252e%252e/memory/mcp",
                "everything/mcp");
        for (String uri : spellings) {
            HttpResponse<String> r = verify("Bearer " + alice.accessToken(), uri);
            assertThat(r.statusCode()).as(uri).isEqualTo(400);
            assertThat(r.body()).as(uri).contains("\"error\":\"invalid_request\"");
            assertThat(r.headers().firstValue("X-User-Id")).as(uri).isEmpty();
        }
    }

    @Test
    void onlyExactlyServiceSlashMcpNamesAServiceAndTheQueryNeverDecides() throws Exception {
        for (String uri : List.of("/everything/anything", "/everything", "/everything?x=/memory/mcp",
                "/everything/mcp/extra", "/everything/mcpx", "/")) {
            HttpResponse<String> r = verify("Bearer " + alice.accessToken(), uri);
            assertThat(r.statusCode()).as(uri).isEqualTo(404);
            assertThat(r.headers().firstValue("X-User-Id")).as(uri).isEmpty();
        }
        assertThat(verify("Bearer " + alice.accessToken(), "/everything/mcp?x=/memory/mcp").statusCode()).isEqualTo(200);
        assertThat(verify("Bearer " + alice.accessToken(), "/everything/mcp/").statusCode()).isEqualTo(200);
        HttpResponse<String> other = verify("Bearer " + alice.accessToken(), "/memory/mcp?x=/everything/mcp");
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.headers().firstValue("X-User-Id")).isEmpty();
    }

    @Test
    void aTokenRequestedWithoutResourceIsValidForEveryService() throws Exception {
        DevLoginClient.Tokens all = client.login("erin", null, null);
        assertThat(verify("Bearer " + all.accessToken(), "/everything/mcp").statusCode()).isEqualTo(200);
        assertThat(verify("Bearer " + all.accessToken(), "/memory/mcp").statusCode()).isEqualTo(200);
    }

    @Test
    void aBrowserGetsAPageExplainingHowToConnect() throws Exception {
        HttpResponse<String> r = verify(null, "/everything/mcp", "Accept", "text/html,application/xhtml+xml");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("MCP client").contains("everything&#47;mcp");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void anUnknownServiceIs404AndPreflightsPassWithoutAToken() throws Exception {
        assertThat(verify(null, "/nope/mcp").statusCode()).isEqualTo(404);
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(gw.uri("/verify"))
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "localhost:" + gw.port())
                .header("X-Forwarded-Uri", "/everything/mcp").header("X-Forwarded-Method", "OPTIONS").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
    }

    @Test
    void protectedResourceMetadataNamesTheExactResourceAndTheIssuer() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + gw.port()
                + "/.well-known/oauth-protected-resource/everything/mcp")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"resource\":\"" + everything + "\"")
                .contains("\"authorization_servers\":[\"" + gw.issuer() + "\"]")
                .contains("\"bearer_methods_supported\":[\"header\"]").contains("\"scopes_supported\":[\"mcp:tools\"]")
                .doesNotContain("offline_access");
        HttpResponse<String> viaIp = http.send(HttpRequest.newBuilder(
                gw.uri("/.well-known/oauth-protected-resource/everything/mcp")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(viaIp.body()).as("the resource is the URL the client used")
                .contains("\"resource\":\"http://127.0.0.1:" + gw.port() + "/everything/mcp\"");
        assertThat(http.send(HttpRequest.newBuilder(gw.uri("/.well-known/oauth-protected-resource/nope/mcp")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void corsAllowsTheConfiguredOriginOnlyAndPreflightsNeedNoToken() throws Exception {
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(gw.uri("/.well-known/oauth-authorization-server"))
                .header("Origin", "https://inspector.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("https://inspector.example");
        assertThat(ok.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("WWW-Authenticate");
        HttpResponse<String> evil = http.send(HttpRequest.newBuilder(gw.uri("/.well-known/oauth-authorization-server"))
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(evil.headers().map().toString()).doesNotContain("evil.example");
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(
                        gw.uri("/.well-known/oauth-protected-resource/everything/mcp"))
                .header("Origin", "https://inspector.example").header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("Authorization").contains("Mcp-Session-Id").contains("MCP-Protocol-Version");
    }

    static JWTClaimsSet claims(String issuer, String audience, Instant exp) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject("local-mallory").audience(audience)
                .claim("scope", "mcp:tools").claim("client_id", "x").claim("username", "mallory")
                .jwtID("forged-" + System.nanoTime()).issueTime(new Date()).expirationTime(Date.from(exp)).build();
    }

    static String sign(RSAKey key, String issuer, String audience, Instant exp) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims(issuer, audience, exp));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
