package io.mcpgw.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.metrics.GatewayMetrics;
import io.mcpgw.config.TrustedProxies;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.client.ClientRegistrationService;
import io.mcpgw.oauth.client.StoreClientRepository;
import io.mcpgw.routes.ErrorHandlingRoutes;
import io.mcpgw.testing.ManualClockStateStore;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter alone: rate-limit reply, peer address and path handling, on exchanges built by hand. {@code POST
 * /register} runs its three steps as the route does, under the gateway's error configuration (which writes the 429).
 */
class RegistrationEndpointTest {
    private static final String BODY = "{\"redirect_uris\":[\"http://127.0.0.1:9696/cb\"],\"token_endpoint_auth_method\":\"none\"}";

    private final CamelContext camel = new DefaultCamelContext();
    private final ManualClockStateStore store = new ManualClockStateStore();
    private final RegistrationEndpoint endpoint = new RegistrationEndpoint(new ClientRegistrationService(
            new StoreClientRepository(store, Optional.of(Duration.ofDays(1))), store, "https://auth.example",
            Optional.of(Duration.ofDays(1)), 1, clientId -> { }, Clock.systemUTC()),
            TrustedProxies.parse("10.9.9.9"), new GatewayMetrics());
    private int registrations;

    @BeforeEach
    void registerRoute() throws Exception {
        camel.addRoutes(new ErrorHandlingRoutes());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:register").bean(endpoint, "readMetadata").bean(endpoint, "register")
                        .bean(endpoint, "replyRegistered");
            }
        });
        camel.start();
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private void register(Exchange exchange) {
        camel.createProducerTemplate().send("direct:register", exchange);
    }

    private Exchange post(String peer) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("X-Forwarded-For", "198.51.100.1");
        exchange.getMessage().setHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS,
                SocketAddress.inetSocketAddress(40000, peer));
        String body = BODY.replace("/cb", "/cb" + ++registrations); // each a new client: reuses are not counted
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }

    @Test
    void overTheLimitTheReplyIs429WithTheSecondsLeftInTheWindow() throws Exception {
        Exchange first = post("192.0.2.1");
        register(first);
        Exchange second = post("192.0.2.1");
        store.advance(Duration.ofSeconds(20));
        register(second);
        Exchange otherPeer = post("192.0.2.2");
        register(otherPeer);

        assertThat(first.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(201);
        assertThat(second.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(429);
        assertThat(second.getMessage().getHeader("Retry-After")).isEqualTo("40");
        assertThat(second.getMessage().getHeader("Cache-Control")).isEqualTo("no-store");
        JsonNode error = Json.parseUntrusted(second.getMessage().getBody(String.class));
        assertThat(error.get("error").asText()).isEqualTo("invalid_request");
        assertThat(error.get("error_description").asText()).contains("too many registrations");
        assertThat(otherPeer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(201);
        assertThat(store.keys("oauth:ratelimit:register:"))
                .containsExactlyInAnyOrder("oauth:ratelimit:register:192.0.2.1", "oauth:ratelimit:register:192.0.2.2");
    }

    @Test
    void theClientIdComesFromThePathNotFromAHeaderOfTheSameName() throws Exception {
        Exchange created = post("192.0.2.3");
        register(created);
        JsonNode doc = Json.parseUntrusted(created.getMessage().getBody(String.class));
        String id = doc.get("client_id").asText();

        Exchange read = new DefaultExchange(camel);
        read.getMessage().setHeader(Exchange.HTTP_PATH, "/register/" + id);
        read.getMessage().setHeader("client_id", "mcp_someone_else");
        read.getMessage().setHeader("Authorization", "bearer " + doc.get("registration_access_token").asText());
        endpoint.read(read);

        assertThat(read.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(Json.parseUntrusted(read.getMessage().getBody(String.class)).get("client_id").asText()).isEqualTo(id);
    }
}
