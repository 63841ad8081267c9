package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP boundary shared by every route: nothing from the request comes back as a response header, caching
 * headers survive, and slow requests do not starve quick ones (the Vert.x worker pool trap).
 */
class HttpBoundaryTest {
    static InProcessGateway gw;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicInteger SLOW_IN_FLIGHT = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        gw = InProcessGateway.start(Map.of());
        gw.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/test-slow").routeId("test-slow").process(e -> {
                    SLOW_IN_FLIGHT.incrementAndGet();
                    RELEASE.await(60, TimeUnit.SECONDS);
                    e.getMessage().setBody("slow");
                });
            }
        });
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        gw.close();
    }

    @Test
    void requestHeadersQueryParametersAndFormFieldsNeverComeBackAsResponseHeaders() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        gw.uri("/.well-known/oauth-authorization-server?code_verifier=secret-v&Location=https://evil&X-User-Id=1"))
                .header("Authorization", "Bearer secret-token")
                .header("X-Echo-Me", "1")
                .header("Cookie", "a=b")
                .header("X-User-Id", "forged")
                .header("Pragma", "evil")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String all = r.headers().map().toString().toLowerCase();
        assertThat(all).doesNotContain("secret-v").doesNotContain("secret-token").doesNotContain("evil")
                .doesNotContain("x-echo-me").doesNotContain("x-user-id").doesNotContain("cookie").doesNotContain("location");
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=300");
    }

    @Test
    void formFieldsOfAPostAreNotReflected() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(gw.uri("/consent"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_secret=s3cr3t&Location=https%3A%2F%2Fevil&decision=approve"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().map().toString()).doesNotContain("s3cr3t").doesNotContain("evil");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void twoHundredSlowRequestsInFlightDoNotDelayATrivialOne() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            slow.add(client.sendAsync(HttpRequest.newBuilder(gw.uri("/test-slow")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SLOW_IN_FLIGHT.get()).isEqualTo(200));
        // Every slow exchange now holds a worker thread; the trivial request must still be served.
        HttpResponse<String> quick = client.sendAsync(HttpRequest.newBuilder(
                gw.uri("/.well-known/oauth-authorization-server")).build(), HttpResponse.BodyHandlers.ofString())
                .get(20, TimeUnit.SECONDS);
        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(slow).noneMatch(CompletableFuture::isDone);
        RELEASE.countDown();
        for (CompletableFuture<HttpResponse<String>> f : slow) {
            assertThat(f.get(30, TimeUnit.SECONDS).body()).isEqualTo("slow");
        }
    }

    @Test
    void aMethodWithoutARouteIsRefused() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                gw.uri("/.well-known/oauth-authorization-server")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }
}
