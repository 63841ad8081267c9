package io.mcpgw.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** An upstream "MCP service" that records the request headers it received and answers 200. */
public final class HeaderEchoServer implements AutoCloseable {
    private final HttpServer server;
    public final ConcurrentLinkedQueue<Map<String, List<String>>> received = new ConcurrentLinkedQueue<>();
    /** The request paths received, in order. */
    public final ConcurrentLinkedQueue<String> paths = new ConcurrentLinkedQueue<>();

    public HeaderEchoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach(headers::put);
            received.add(headers);
            paths.add(ex.getRequestURI().getPath());
            byte[] body = ("upstream saw " + headers.keySet()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Map<String, List<String>> last() {
        Map<String, List<String>> last = null;
        for (Map<String, List<String>> m : received) {
            last = m;
        }
        return last;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
