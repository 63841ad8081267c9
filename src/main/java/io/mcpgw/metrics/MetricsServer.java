package io.mcpgw.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mcpgw.config.Observability;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Prometheus endpoint: {@code GET http://METRICS_BIND:METRICS_PORT/METRICS_PATH} answers the text exposition of
 * {@link GatewayMetrics}. Rules: its own listener (one thread), never a route of the public HTTP server, so Traefik
 * and the gateway's Host check never see it and a reverse proxy of the gateway port never exposes it; only
 * {@code GET} and {@code HEAD} of exactly the configured path answer 200 (other methods 405, other paths 404, bodies
 * of a fixed text — no request data is echoed).
 */
public final class MetricsServer implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts the endpoint; {@code settings.port()} 0 takes a free port ({@link #port()}). */
    public static MetricsServer start(Observability.Metrics settings, GatewayMetrics metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, settings.path(), metrics));
        server.start();
        return new MetricsServer(server, executor);
    }

    private static void answer(HttpExchange exchange, String path, GatewayMetrics metrics) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!path.equals(exchange.getRequestURI().getRawPath())) {
                reply(exchange, 404, "text/plain; charset=utf-8", "not found: the metrics are at " + path + "\n", true);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n", true);
            } else {
                reply(exchange, 200, CONTENT_TYPE, metrics.scrape(), !method.equals("HEAD"));
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body, boolean withBody)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, withBody ? bytes.length : -1);
        if (withBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The port the endpoint listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
