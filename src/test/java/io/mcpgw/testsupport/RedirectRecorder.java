package io.mcpgw.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client's redirect URI on loopback: records the query of every request it gets and answers a short page. */
public final class RedirectRecorder implements AutoCloseable {
    private final HttpServer server;
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

    public RedirectRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/callback", ex -> {
            URI uri = ex.getRequestURI();
            received.add(BrowserSession.query("http://x" + uri.toString()));
            byte[] body = "<!doctype html><title>client</title><p id=\"done\">client received the redirect</p>"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
    }

    public String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    public List<Map<String, String>> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
