package io.mcpgw.mcp.fetchs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP server on 127.0.0.1 for fetch tests. Paths: {@code /page} (HTML), {@code /text}, {@code /host}
 * (echoes the Host header), {@code /redirect?to=URL} (302), {@code /loop/N} (302 to N+1 until {@code /loop/end}),
 * {@code /big} (3 MiB), {@code /slow} (headers and 5 bytes, then nothing until {@link #close}),
 * {@code /missing} (404), {@code /binary}. Every request path is recorded.
 */
final class TestSite implements AutoCloseable {
    static final String PAGE = """
            <!DOCTYPE html><html><head><title>Test &amp; Page</title><style>body{color:red}</style>
            <script>var secret = "do-not-show";</script></head>
            <body><h1>Hello fetch</h1><p>First paragraph with <a href="https://example.org/x">a link</a>.</p>
            <ul><li>one</li><li>two</li></ul><!-- hidden comment --><p>Caf&eacute; &lt;ok&gt; &#8364;5</p></body></html>
            """;
    static final int BIG = 3 * 1024 * 1024;

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-site");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestURI().toString());
        try (ex) {
            if (path.equals("/page")) {
                send(ex, 200, "text/html; charset=utf-8", PAGE.getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/text")) {
                send(ex, 200, "text/plain", "0123456789abcdefghij".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/host")) {
                send(ex, 200, "text/plain", ("host=" + ex.getRequestHeaders().getFirst("Host")).getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/redirect")) {
                String to = URLDecoder.decode(ex.getRequestURI().getRawQuery().substring(3), StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Location", to);
                ex.sendResponseHeaders(302, -1);
            } else if (path.startsWith("/loop/")) {
                String n = path.substring(6);
                if (n.equals("end")) {
                    send(ex, 200, "text/plain", "end".getBytes(StandardCharsets.UTF_8));
                } else {
                    int i = Integer.parseInt(n);
                    ex.getResponseHeaders().set("Location", i <= 1 ? "/loop/end" : "/loop/" + (i - 1));
                    ex.sendResponseHeaders(301, -1);
                }
            } else if (path.equals("/big")) {
                byte[] body = new byte[BIG];
                Arrays.fill(body, (byte) 'a');
                send(ex, 200, "text/plain", body);
            } else if (path.equals("/slow")) {
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, 100);
                OutputStream out = ex.getResponseBody();
                out.write("start".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (path.equals("/binary")) {
                send(ex, 200, "application/octet-stream", new byte[]{1, 0, 2, 0, 3});
            } else {
                send(ex, 404, "text/plain", "not here".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client went away (size or time limit): expected in some tests
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
