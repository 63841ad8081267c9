package io.mcpgw.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.Secrets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint of a gateway on the embedded store: {@code admin} commands run inside the gateway, where the
 * store lives. Rules it enforces:
 * <ul>
 *   <li>bound to the loopback address only, on a port the system picks; never reachable from the network;</li>
 *   <li>every request carries {@code Authorization: Bearer <secret>}, a 256-bit random secret made at start-up and
 *       compared in constant time; the secret and the URL are published only in the admin file, created owner-only
 *       (mode 600, in a 700 directory when it creates it), so only the gateway's own OS user (or root) can use it;
 *       the file is deleted when the gateway stops;</li>
 *   <li>requests from a browser (an {@code Origin} header) are refused, as are methods other than POST and bodies
 *       over {@link RestoreCommand#MAX_BYTES};</li>
 *   <li>commands run one at a time, and answer {@code {"exit":n,"out":"…","err":"…"}}.</li>
 * </ul>
 */
public final class AdminEndpoint implements AutoCloseable {
    static final String PATH = "/admin/run";
    private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path file;
    private final String secret;
    private final Function<InputStream, AdminContext> contexts;

    private AdminEndpoint(HttpServer server, ExecutorService executor, Path file, String secret,
                          Function<InputStream, AdminContext> contexts) {
        this.server = server;
        this.executor = executor;
        this.file = file;
        this.secret = secret;
        this.contexts = contexts;
    }

    /**
     * Starts the endpoint and publishes its URL and secret in {@code file}.
     *
     * @param contexts builds the context of one command from its standard input
     */
    public static AdminEndpoint start(Path file, Function<InputStream, AdminContext> contexts) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "admin-endpoint");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        AdminEndpoint endpoint = new AdminEndpoint(server, executor, file, Secrets.random(32), contexts);
        server.createContext(PATH, endpoint::handle);
        server.start();
        try {
            endpoint.publish();
        } catch (IOException | RuntimeException e) {
            endpoint.close();
            throw e;
        }
        LOG.info("event=admin_endpoint_ready address=127.0.0.1:{} file={}", server.getAddress().getPort(), file);
        return endpoint;
    }

    /** The loopback port (tests). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void publish() throws IOException {
        PrivateFiles.ensureOwnerOnlyDirectory(file.toAbsolutePath().getParent());
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("url", "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + PATH);
        doc.put("secret", secret);
        doc.put("pid", ProcessHandle.current().pid());
        PrivateFiles.write(file, Json.write(doc).getBytes(StandardCharsets.UTF_8));
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                reply(ex, 405, error("use POST"));
                return;
            }
            if (ex.getRequestHeaders().getFirst("Origin") != null) {
                reply(ex, 403, error("browsers may not call the admin endpoint"));
                return;
            }
            String auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("");
            if (!auth.startsWith("Bearer ") || !Secrets.constantTimeEquals(auth.substring(7), secret)) {
                LOG.warn("event=admin_endpoint_refused reason=bad_secret");
                reply(ex, 401, error("missing or wrong admin secret"));
                return;
            }
            byte[] body = ex.getRequestBody().readNBytes((int) RestoreCommand.MAX_BYTES + 1);
            if (body.length > RestoreCommand.MAX_BYTES) {
                reply(ex, 413, error("request too large"));
                return;
            }
            JsonNode request;
            try {
                request = Json.parseUntrusted(new String(body, StandardCharsets.UTF_8));
            } catch (Exception e) {
                request = null;
            }
            if (request == null || !request.path("args").isArray()) {
                reply(ex, 400, error("expected {\"args\":[…],\"stdin\":\"…\"}"));
                return;
            }
            List<String> args = new ArrayList<>();
            request.get("args").forEach(a -> args.add(a.asText()));
            byte[] stdin = request.path("stdin").asText("").getBytes(StandardCharsets.UTF_8);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = AdminCli.run(contexts.apply(new ByteArrayInputStream(stdin)), args.toArray(String[]::new),
                    new PrintWriter(out), new PrintWriter(err));
            ObjectNode reply = JsonNodeFactory.instance.objectNode();
            reply.put("exit", exit);
            reply.put("out", out.toString());
            reply.put("err", err.toString());
            reply(ex, 200, reply);
        } catch (RuntimeException e) {
            LOG.warn("event=admin_endpoint_failed error={}", e.getClass().getSimpleName());
        }
    }

    private static ObjectNode error(String message) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("error", message);
        return e;
    }

    private static void reply(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    /** Stops the endpoint and deletes the admin file. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("event=admin_file_not_deleted file={}", file);
        }
    }
}
