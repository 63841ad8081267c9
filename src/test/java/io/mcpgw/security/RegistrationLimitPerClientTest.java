package io.mcpgw.security;

import static io.mcpgw.security.OAuthDriver.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code REGISTER_RATE_LIMIT} per client, over real HTTP: behind a trusted proxy (loopback is one by default) the key
 * is the rightmost untrusted {@code X-Forwarded-For} hop, so one abuser behind the proxy does not make
 * {@code /register} answer 429 for everybody; a peer that is not a trusted proxy is its own key whatever it forwards.
 */
class RegistrationLimitPerClientTest {
    private static int n;

    private static HttpResponse<String> register(InProcessGateway gw, String xForwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(gw.uri("/register")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"limit " + (++n) + "\",\"redirect_uris\""
                        + ":[\"http://127.0.0.1:47123/callback\"],\"token_endpoint_auth_method\":\"none\"}"));
        if (xForwardedFor != null) {
            b.header("X-Forwarded-For", xForwardedFor);
        }
        return send(b);
    }

    @Test
    void anAbuserBehindTheProxyExhaustsOnlyItsOwnLimit() throws Exception {
        try (InProcessGateway gw = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "3"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(register(gw, "203.0.113.9").statusCode()).isEqualTo(201);
            }
            HttpResponse<String> refused = register(gw, "203.0.113.9");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            // The abuser cannot escape by prepending its own claim: the proxy appended the real address last.
            assertThat(register(gw, "198.51.100.77, 203.0.113.9").statusCode()).isEqualTo(429);
            // A chain of trusted proxies in between is skipped.
            assertThat(register(gw, "203.0.113.9, 10.0.0.5").statusCode()).isEqualTo(429);

            assertThat(register(gw, "203.0.113.10").statusCode()).as("another client behind the same proxy")
                    .isEqualTo(201);
            assertThat(register(gw, "2001:db8:1:2::99").statusCode()).isEqualTo(201);
            assertThat(register(gw, "not-an-address").statusCode()).as("garbage ends the walk at the proxy itself")
                    .isEqualTo(201);
        }
    }

    @Test
    void aForgedXForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        try (InProcessGateway gw = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "2",
                "GATEWAY_TRUSTED_PROXIES", "10.9.9.9"))) {
            assertThat(register(gw, "203.0.113.1").statusCode()).isEqualTo(201);
            assertThat(register(gw, "203.0.113.2").statusCode()).isEqualTo(201);
            assertThat(register(gw, "203.0.113.3").statusCode()).as("still the same peer").isEqualTo(429);
            assertThat(register(gw, null).statusCode()).isEqualTo(429);
        }
    }
}
