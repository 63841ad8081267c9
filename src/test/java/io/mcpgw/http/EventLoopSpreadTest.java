package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's HTTP connections are served by one event loop per core (Camel's server alone would put them all on
 * one): separate connections to an event-loop route land on more than one event-loop thread, and every one of them
 * passes the same router (the Host check refuses a foreign host on each).
 */
class EventLoopSpreadTest {
    static InProcessGateway gw;
    static final Set<String> LOOPS = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() throws Exception {
        gw = InProcessGateway.start(Map.of(), Map.of(), Map.of("gateway.http.event-loops", "2"));
        gw.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/test-which-loop?platformHttpEngine=#eventLoopHttp").routeId("test-which-loop")
                        .process(e -> {
                            LOOPS.add(Thread.currentThread().getName());
                            e.getMessage().setBody("ok");
                        });
            }
        });
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void separateConnectionsAreServedByMoreThanOneEventLoopAndAllPassTheSameRouter() throws Exception {
        for (int i = 0; i < 16; i++) {
            HttpClient connection = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = connection.send(HttpRequest.newBuilder(gw.uri("/test-which-loop"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("ok");
            HttpResponse<String> foreign = connection.send(HttpRequest.newBuilder(gw.uri("/test-which-loop"))
                    .header("Host", "rebinding.example").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.statusCode()).as("the Host check runs on every loop").isEqualTo(421);
        }
        assertThat(LOOPS).allMatch(name -> name.startsWith("vert.x-eventloop-thread")).hasSizeGreaterThan(1);
    }
}
