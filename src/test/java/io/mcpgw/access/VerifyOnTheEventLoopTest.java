package io.mcpgw.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.RedisServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /verify} runs on the event loop ({@code platformHttpEngine=#eventLoopHttp}) and hands only store reads to a
 * worker: the answers must be those of a blocking route in every case — a token seen moments ago (no store read), a
 * token seen for the first time and the once-a-second revocation re-check (store read on a worker), a Redis that is
 * down (503 + Retry-After, never a 401 or a hang), and Redis back (200 again, nothing restarted).
 */
class VerifyOnTheEventLoopTest {
    @RegisterExtension
    static final RedisServerProcess REDIS = RedisServerProcess.create();

    static InProcessGateway gw;
    static DevLoginClient client;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        gw = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0", "REDIS_URL", REDIS.url()));
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        client = new DevLoginClient("http://127.0.0.1:" + gw.port());
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    HttpResponse<String> verify(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gw.uri("/verify")).timeout(Duration.ofSeconds(20))
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "localhost:" + gw.port())
                .header("X-Forwarded-Uri", "/everything/mcp").header("X-Forwarded-Method", "POST")
                .header("Authorization", "Bearer " + token).header("X-Probe", "request-value").GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPathOfTheCheckAnswersAsABlockingRouteWouldIncludingAStoreThatIsDown() throws Exception {
        String token = client.login("alice", gw.issuer() + "/everything/mcp", null).accessToken();

        HttpResponse<String> first = verify(token);
        assertThat(first.statusCode()).as("first sight: validated with a store read on a worker").isEqualTo(200);
        assertThat(first.headers().firstValue("X-User-Name")).contains("alice");
        assertThat(first.headers().firstValue("Content-Length")).contains("0");
        assertThat(first.headers().map().keySet()).as("no request header comes back")
                .noneMatch(h -> h.equalsIgnoreCase("X-Probe") || h.equalsIgnoreCase("Authorization")
                        || h.equalsIgnoreCase("X-Forwarded-Uri"));
        for (int i = 0; i < 20; i++) {
            assertThat(verify(token).statusCode()).as("cached: decided on the event loop").isEqualTo(200);
        }

        String neverSeen = client.login("bob", gw.issuer() + "/everything/mcp", null).accessToken();
        REDIS.stop();
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                HttpResponse<String> down = verify(token);
                assertThat(down.statusCode()).as("the revocation re-check cannot read the store").isEqualTo(503);
                assertThat(down.headers().firstValue("Retry-After")).isPresent();
                assertThat(down.body()).contains("\"error\"").doesNotContain("Exception").doesNotContain("at io.");
            });
            HttpResponse<String> unseen = verify(neverSeen);
            assertThat(unseen.statusCode()).as("a token never seen, store down: temporarily unavailable, not invalid")
                    .isEqualTo(503);
        } finally {
            REDIS.start();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(verify(token).statusCode()).isEqualTo(200));
        assertThat(verify(neverSeen).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenIsRefusedOnTheNextCallEvenRightAfterACachedSuccess() throws Exception {
        DevLoginClient.Tokens carol = client.login("carol", gw.issuer() + "/everything/mcp", null);
        assertThat(verify(carol.accessToken()).statusCode()).isEqualTo(200);
        assertThat(verify(carol.accessToken()).statusCode()).isEqualTo(200);
        assertThat(client.revoke(carol.accessToken())).isEqualTo(200);
        HttpResponse<String> after = verify(carol.accessToken());
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");
    }
}
