package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code mcp-auth} ForwardAuth middleware and the gateway agree: it calls the auth container's {@code /verify}
 * route, sends the headers {@code /verify} reads, and copies back exactly the identity headers {@code /verify}
 * answers with (checked against a running gateway, asked the way Traefik asks).
 */
class ForwardAuthConfigTest {
    static final List<String> IDENTITY = List.of("X-User-Id", "X-User-Name", "X-User-Email", "X-Client-Id");
    static final JsonNode FORWARD_AUTH = DeploymentFiles.middlewares("").path("http").path("middlewares")
            .path("mcp-auth").path("forwardAuth");
    static InProcessGateway gateway;

    @BeforeAll
    static void start() {
        gateway = InProcessGateway.start(Map.of("BASE_DOMAIN", "example.test", "REGISTER_RATE_LIMIT", "0"));
        gateway.bean("resourceCatalog", ResourceCatalog.class).register("everything");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theAddressIsTheVerifyRouteOfTheAuthContainerOnItsPort() {
        JsonNode auth = DeploymentFiles.composeServices().get("auth");
        String port = DeploymentFiles.labels(auth).get("traefik.http.services.auth.loadbalancer.server.port");
        assertThat(FORWARD_AUTH.path("address").asText()).isEqualTo("http://auth:" + port + "/verify");
        assertThat(port).isEqualTo("8080").as("the image's GATEWAY_PORT");
        assertThat(auth.path("environment").path("GATEWAY_ROLE").asText()).isEqualTo("auth");
        assertThat(DeploymentFiles.text(Path.of("src/main/resources/routes/verify.camel.yaml")))
                .contains("uri: platform-http:/verify");
    }

    @Test
    void forwardedHeadersAreTrustedAndTheIdentityHeadersAreCopiedBack() {
        assertThat(FORWARD_AUTH.path("trustForwardHeader").asBoolean()).isTrue();
        assertThat(TraefikRoutingTest.strings(FORWARD_AUTH.path("authResponseHeaders"))).containsExactlyElementsOf(IDENTITY);
        assertThat(TraefikRoutingTest.strings(FORWARD_AUTH.path("authRequestHeaders"))).contains("Authorization", "Accept");
    }

    @Test
    void verifyAnswersTraefiksRequestWithOnlyHeadersTheMiddlewareCopies() throws Exception {
        DevLoginClient client = new DevLoginClient("http://127.0.0.1:" + gateway.port());
        String token = client.login("alice", "https://mcp-everything.example.test/mcp", null).accessToken();
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri("/verify"))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "mcp-everything.example.test")
                .header("X-Forwarded-Uri", "/mcp").header("X-Forwarded-Method", "POST");
        for (String name : TraefikRoutingTest.strings(FORWARD_AUTH.path("authRequestHeaders"))) {
            request.header(name, switch (name) {
                case "Authorization" -> "Bearer " + token;
                case "Accept" -> "application/json, text/event-stream";
                default -> "x";
            });
        }
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> identity = r.headers().map().keySet().stream().map(h -> h.toLowerCase(Locale.ROOT))
                .filter(h -> h.startsWith("x-user") || h.startsWith("x-client")).collect(Collectors.toList());
        List<String> copied = IDENTITY.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        assertThat(copied).containsAll(identity);
        assertThat(identity).contains("x-user-id", "x-user-name", "x-client-id");
        assertThat(r.headers().firstValue("X-User-Name")).contains("alice");
    }
}
