package io.mcpgw.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.RedisServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code JWT_SIGNING_ALG} changed on a running deployment, over HTTP on a real Redis: a replica on RS256 issues a
 * token; a replica started with ES256 makes an ES256 key current; both replicas' {@code /verify} accept the RS256
 * token and the ES256 one, and {@code /jwks} publishes both keys with their {@code alg}. Then a restart with EdDSA.
 */
class SigningAlgorithmSwitchTest {
    private static final String ISSUER = "http://localhost:18080";
    private static final String RESOURCE = ISSUER + "/everything/mcp";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void switchingRs256ToEs256ThenEdDsaKeepsEveryIssuedTokenVerifying() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.create().start()) {
            List<String> tokens = new ArrayList<>();
            try (InProcessGateway rs256 = start(redis, "RS256")) {
                tokens.add(login(rs256));
                assertThat(alg(tokens.get(0))).isEqualTo("RS256");
                try (InProcessGateway es256 = start(redis, "ES256")) {
                    tokens.add(login(es256));
                    assertThat(alg(tokens.get(1))).isEqualTo("ES256");
                    assertThat(jwksAlgs(es256)).containsExactly("ES256", "RS256");
                    for (String token : tokens) {
                        assertThat(verify(es256, token)).isEqualTo(200);
                        // the RS256 replica meets the new kid and reloads the published keys
                        await().atMost(Duration.ofSeconds(20)).until(() -> verify(rs256, token) == 200);
                    }
                    assertThat(verify(es256, tamper(tokens.get(1)))).isEqualTo(401);
                }
            }
            try (InProcessGateway eddsa = start(redis, "EdDSA")) {
                tokens.add(login(eddsa));
                assertThat(alg(tokens.get(2))).isEqualTo("EdDSA");
                assertThat(jwksAlgs(eddsa)).containsExactly("EdDSA", "ES256", "RS256");
                for (String token : tokens) {
                    assertThat(verify(eddsa, token)).as("token signed %s", alg(token)).isEqualTo(200);
                }
            }
        }
    }

    private static InProcessGateway start(RedisServerProcess redis, String alg) {
        InProcessGateway gw = InProcessGateway.start(Map.of("REDIS_URL", redis.url(), "GATEWAY_ISSUER", ISSUER,
                "JWT_SIGNING_ALG", alg, "REGISTER_RATE_LIMIT", "0"));
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        return gw;
    }

    private static String login(InProcessGateway gw) {
        return new DevLoginClient("http://127.0.0.1:" + gw.port()).login("alice", RESOURCE, null).accessToken();
    }

    private static String alg(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getAlgorithm().getName();
    }

    private static String tamper(String token) {
        int dot = token.lastIndexOf('.');
        char c = token.charAt(dot + 3);
        return token.substring(0, dot + 3) + (c == 'A' ? 'B' : 'A') + token.substring(dot + 4);
    }

    private List<String> jwksAlgs(InProcessGateway gw) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port()
                + "/jwks")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("\"d\"");
        List<String> algs = new ArrayList<>();
        for (JsonNode key : Json.MAPPER.readTree(r.body()).get("keys")) {
            assertThat(key.get("use").asText()).isEqualTo("sig");
            algs.add(key.get("alg").asText());
        }
        return algs;
    }

    private int verify(InProcessGateway gw, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/verify"))
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "localhost:18080")
                .header("X-Forwarded-Uri", "/everything/mcp").header("X-Forwarded-Method", "POST")
                .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
