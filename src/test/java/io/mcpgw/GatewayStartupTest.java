package io.mcpgw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.http.AnyCaseHeadersFactory;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.startup.JarDirectoryResourceResolver;
import io.mcpgw.store.StateStore;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/** What {@link GatewayApplication#newMain} adds for a fast start, seen on a running gateway. */
class GatewayStartupTest {

    @Test
    void readyGatewayOnAnEmptyStoreGeneratesItsFirstSigningKeyInTheBackgroundWithoutARequest() throws Exception {
        try (InProcessGateway gw = InProcessGateway.start(Map.of())) { // returns once the metadata answers 200
            StateStore store = gw.bean("stateStore", StateStore.class);

            await().atMost(Duration.ofSeconds(60)).until(() -> store.get(SigningKeys.PRIVATE_KEYS).isPresent());

            String kid = gw.context().getRegistry().findSingleByType(SigningKeys.class).current().getKeyID();
            assertThat(store.get(SigningKeys.PRIVATE_KEYS).orElseThrow()).contains(kid);
            HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gw.uri("/jwks")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(jwks.body()).contains(kid).doesNotContain("\"d\"");
        }
    }

    @Test
    void theGatewayScansForRouteAndServiceFilesWithTheJarDirectoryResolver() {
        try (InProcessGateway gw = InProcessGateway.start(Map.of())) {
            assertThat(PluginHelper.getPackageScanResourceResolver(gw.context()))
                    .isInstanceOf(JarDirectoryResourceResolver.class);
            assertThat(gw.context().getRoutes()).extracting(r -> r.getRouteId()).contains("mcp-time");
        }
    }

    @Test
    void theGatewayServesHttpOnEpollWhereItLoadsAndKeepsHeadersInTheAnyCaseMap() {
        try (InProcessGateway gw = InProcessGateway.start(Map.of())) {
            assertThat(gw.context().getCamelContextExtension().getHeadersMapFactory())
                    .isInstanceOf(AnyCaseHeadersFactory.class);
            assertThat(routerVertx(gw).isNativeTransportEnabled())
                    .as("Netty's epoll transport loads on Linux x86-64 and aarch64 (both bundled)")
                    .isEqualTo(io.netty.channel.epoll.Epoll.isAvailable());
        }
    }

    @Test
    void nativeTransportFalseServesHttpOnNioAndOneEventLoopDeploysNoExtraServer() {
        try (InProcessGateway one = InProcessGateway.start(Map.of(), Map.of(),
                Map.of("gateway.http.native-transport", "false", "gateway.http.event-loops", "1"));
             InProcessGateway three = InProcessGateway.start(Map.of(), Map.of(),
                     Map.of("gateway.http.event-loops", "3"))) {
            assertThat(routerVertx(one).isNativeTransportEnabled()).isFalse();
            assertThat(routerVertx(three).deploymentIDs())
                    .as("the extra HTTP servers of 3 loops are one deployment more than with 1")
                    .hasSize(routerVertx(one).deploymentIDs().size() + 1);
            for (InProcessGateway gw : java.util.List.of(one, three)) {
                for (int i = 0; i < 6; i++) { // new connections: each loop's server answers the same routes
                    assertThat(HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                                    gw.uri("/.well-known/oauth-authorization-server")).build(),
                            HttpResponse.BodyHandlers.discarding()).join().statusCode()).isEqualTo(200);
                }
            }
        }
    }

    private static io.vertx.core.Vertx routerVertx(InProcessGateway gw) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(gw.context(),
                VertxPlatformHttpRouter.getRouterNameFromPort(gw.port()));
        return (router != null ? router : VertxPlatformHttpRouter.lookup(gw.context())).vertx();
    }
}
