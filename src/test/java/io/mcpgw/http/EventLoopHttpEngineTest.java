package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.InProcessGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code eventLoopHttp} engine, chosen per route with {@code platformHttpEngine=#eventLoopHttp}: the route runs on
 * the event loop that received the request, a step that completes later on another thread still gets its reply
 * written, the gateway's header filter keeps request headers out of the reply, a failing route answers 500 without
 * a stack trace, and routes without the option keep the default engine (a worker thread).
 */
class EventLoopHttpEngineTest {
    static CamelContext context;
    static int port;
    static final AtomicReference<String> eventLoopRouteThread = new AtomicReference<>();
    static final AtomicReference<String> defaultRouteThread = new AtomicReference<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Completes 50 ms later on a thread of its own, as a step that waits for I/O does. */
    static final class LaterOnAnotherThread extends AsyncProcessorSupport {
        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            CompletableFuture.runAsync(() -> {
                exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                exchange.getMessage().setBody("{\"done\":\"later\"}");
                callback.done(false);
            }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
            return false;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        port = InProcessGateway.freePort();
        context = new DefaultCamelContext();
        VertxPlatformHttpServerConfiguration conf = new VertxPlatformHttpServerConfiguration();
        conf.setBindHost("127.0.0.1");
        conf.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(conf));
        context.getRegistry().bind("gatewayHeaders", new GatewayHeaderFilterStrategy());
        EventLoopHttpEngine engine = new EventLoopHttpEngine();
        engine.setCamelContext(context);
        context.getRegistry().bind(EventLoopHttpEngine.BEAN, engine);
        String options = "?platformHttpEngine=#eventLoopHttp&headerFilterStrategy=#gatewayHeaders";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/on-loop" + options).process(e -> {
                    eventLoopRouteThread.set(Thread.currentThread().getName());
                    e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                    e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain");
                    e.getMessage().setHeader("X-User-Name", "alice");
                    e.getMessage().setHeader("Vary", java.util.List.of("Origin", "Accept")); // several values
                    e.getMessage().setHeader("Retry-After", 30); // not a string
                    e.getMessage().setBody("hello");
                });
                from("platform-http:/later" + options).process(new LaterOnAnotherThread());
                from("platform-http:/fails" + options).process(e -> {
                    throw new IllegalStateException("secret detail that must not leak");
                });
                from("platform-http:/default?headerFilterStrategy=#gatewayHeaders").process(e -> {
                    defaultRouteThread.set(Thread.currentThread().getName());
                    e.getMessage().setBody("default");
                });
            }
        });
        context.start();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.stop();
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Probe", "request-value").timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRouteRunsOnTheEventLoopAndItsReplyCarriesOnlyTheHeadersTheRouteSet() throws Exception {
        HttpResponse<String> r = get("/on-loop");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
        assertThat(r.headers().firstValue("X-User-Name")).contains("alice");
        assertThat(r.headers().allValues("Vary")).containsExactly("Origin", "Accept");
        assertThat(r.headers().firstValue("Retry-After")).contains("30");
        assertThat(r.headers().firstValue("Content-Length")).contains("5");
        assertThat(r.headers().firstValue("X-Probe")).as("a request header never comes back").isEmpty();
        assertThat(eventLoopRouteThread.get()).startsWith("vert.x-eventloop-thread");
    }

    @Test
    void aStepThatCompletesLaterOnAnotherThreadStillGetsItsReplyWritten() throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = get("/later");
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.body()).isEqualTo("{\"done\":\"later\"}");
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        }
    }

    @Test
    void aFailingRouteAnswers500WithoutAStackTraceAndTheServerGoesOn() throws Exception {
        HttpResponse<String> r = get("/fails");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret detail").doesNotContain("IllegalStateException")
                .doesNotContain("at io.");
        assertThat(get("/on-loop").statusCode()).isEqualTo(200);
    }

    @Test
    void routesWithoutTheOptionKeepTheDefaultEngineAndItsWorkerThreads() throws Exception {
        assertThat(get("/default").body()).isEqualTo("default");
        assertThat(defaultRouteThread.get()).startsWith("vert.x-worker-thread");
    }
}
