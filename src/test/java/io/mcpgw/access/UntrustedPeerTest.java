package io.mcpgw.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Forwarded headers count only from {@code GATEWAY_TRUSTED_PROXIES}; here loopback is not trusted. */
class UntrustedPeerTest {
    static InProcessGateway gw;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        gw = InProcessGateway.start(Map.of("GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8"));
        gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void verifyRefusesAPeerThatIsNotATrustedProxy() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gw.uri("/verify"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Uri", "/everything/mcp").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("X-User-Id")).isEmpty();
    }

    @Test
    void metadataIgnoresForwardedHostFromAnUntrustedPeer() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(gw.uri("/.well-known/oauth-protected-resource/everything/mcp"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("evil.example").contains("\"resource\":\"http://127.0.0.1:" + gw.port());
    }
}
