package io.mcpgw.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.GatewayConfiguration;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.endpoints.OAuthExchange;
import io.mcpgw.oauth.OAuthForm;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.code.AuthorizationCode;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import io.mcpgw.oauth.token.AuthenticatedClient;
import io.mcpgw.testsupport.InProcessGateway;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

/**
 * The {@code /token} route (routes/tokens.camel.yaml) tested the way Camel users test routes: camel-test-main-junit5
 * starts the gateway's composition root with only the token route file, the routes' {@code platform-http} inputs
 * are replaced by {@code direct:} endpoints (the HTTP server still runs, on a free port: the gateway's Host check
 * mounts on it), and AdviceWith on the route id puts {@link MockEndpoint}s before the grant step
 * and after the reply. The example to copy when you edit a route: see docs/ROUTES.md.
 */
@CamelMainTest(
        properties = "camel.main.routes-include-pattern=classpath:routes/tokens.camel.yaml",
        replaceRouteFromWith = {"oauth-token=direct:token", "oauth-revoke=direct:revoke",
                "oauth-introspect=direct:introspect", "wellknown-jwks=direct:jwks"},
        advices = @AdviceRouteMapping(route = "oauth-token", advice = TokenRouteTest.MocksAroundTheGrant.class))
class TokenRouteTest {
    static final String REDIRECT = "http://127.0.0.1:9696/cb";
    static final String VERIFIER = "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag";

    /** Mocks before {@code token-grant} and at the end of the route; nothing else of the route changes. */
    public static final class MocksAroundTheGrant extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            weaveById("token-grant").before().to("mock:before-grant");
            weaveAddLast().to("mock:replied");
        }
    }

    GatewaySettings settings = SettingsLoader.load(Map.of("GATEWAY_ROLE", "auth", "GATEWAY_PORT",
            String.valueOf(InProcessGateway.freePort())));

    @EndpointInject("mock:before-grant")
    MockEndpoint beforeGrant;

    @EndpointInject("mock:replied")
    MockEndpoint replied;

    @Produce("direct:token")
    ProducerTemplate token;

    @BeanInject
    ClientRepository clients;

    @BeanInject
    AuthorizationCodeStore codes;

    /**
     * The gateway's composition root, with the settings of this test (the authorization server role), and the
     * HTTP server on a free loopback port (the gateway mounts its Host check on it; the test does not call it).
     */
    @Configure
    void gateway(MainConfigurationProperties configuration) {
        configuration.addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) throws Exception {
                MainHttpServer server = new MainHttpServer();
                server.setCamelContext(context);
                server.setHost("127.0.0.1");
                server.setPort(settings.port());
                context.addService(server);
            }
        });
        configuration.addConfiguration(new GatewayConfiguration(settings));
    }

    @Test
    void theGrantStepGetsTheAuthenticatedClientAndTheFormAndTheReplyCarriesTheTokens() throws Exception {
        clients.save(new RegisteredClient("pub", Optional.empty(), RegisteredClient.AUTH_NONE, List.of(REDIRECT),
                "pub", "mcp:tools", List.of("authorization_code", "refresh_token"), List.of("code"), Map.of(), 0,
                0, "h"));
        beforeGrant.expectedMessageCount(1);
        replied.expectedMessageCount(1);
        replied.expectedHeaderReceived(Exchange.HTTP_RESPONSE_CODE, 200);
        replied.expectedHeaderReceived("Cache-Control", "no-store");

        token.requestBodyAndHeader("grant_type=authorization_code&client_id=pub&code=" + code("pub")
                + "&redirect_uri=" + REDIRECT + "&code_verifier=" + VERIFIER, Exchange.CONTENT_TYPE,
                "application/x-www-form-urlencoded");

        MockEndpoint.assertIsSatisfied(beforeGrant, replied);
        Exchange atGrant = beforeGrant.getReceivedExchanges().get(0);
        assertThat(atGrant.getProperty(OAuthExchange.CLIENT, AuthenticatedClient.class).clientId()).isEqualTo("pub");
        assertThat(atGrant.getProperty(OAuthExchange.FORM, OAuthForm.class).grantType())
                .isEqualTo("authorization_code");
        assertThat(replied.getReceivedExchanges().get(0).getMessage().getBody(String.class))
                .contains("\"access_token\":", "\"token_type\":\"Bearer\"", "\"refresh_token\":");
    }

    /** Bad inputs: an unknown client, and a JSON body instead of a form. Neither reaches the grant step. */
    @Test
    void aRequestThatFailsAnEarlierStepNeverReachesTheGrant() throws Exception {
        beforeGrant.expectedMessageCount(0);
        replied.expectedMessageCount(0);

        Exchange unknownClient = token.request("direct:token", e -> {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            e.getMessage().setBody("grant_type=authorization_code&client_id=nobody&code=x");
        });
        Exchange notAForm = token.request("direct:token", e -> {
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setBody("{\"grant_type\":\"authorization_code\"}");
        });

        MockEndpoint.assertIsSatisfied(beforeGrant, replied);
        assertThat(unknownClient.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(unknownClient.getMessage().getBody(String.class)).contains("\"error\":\"invalid_client\"");
        assertThat(notAForm.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(notAForm.getMessage().getBody(String.class)).contains("\"error\":\"invalid_request\"");
    }

    private String code(String clientId) {
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.sha256(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        return codes.issue(new AuthorizationCode(clientId, REDIRECT, challenge, "mcp:tools",
                List.of(settings.issuer() + "/everything/mcp"), new UserIdentity("1", "alice", null, "Alice"),
                Secrets.random(16), 0));
    }
}
