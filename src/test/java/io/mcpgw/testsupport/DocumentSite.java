package io.mcpgw.testsupport;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real HTTPS server on a free loopback port serving documents the test sets per path, with a self-signed
 * certificate for {@code localhost} (made by the JDK's keytool) whose PEM file ({@link #certificatePem()}) is what a
 * client must trust. Counts the requests of each path.
 */
public final class DocumentSite implements AutoCloseable {

    /** One answer: status, headers, body, and a delay before answering. */
    public record Answer(int status, Map<String, String> headers, byte[] body, long delayMillis) {
        public static Answer json(String body, String cacheControl) {
            return new Answer(200, cacheControl == null ? Map.of("Content-Type", "application/json")
                    : Map.of("Content-Type", "application/json", "Cache-Control", cacheControl),
                    body.getBytes(StandardCharsets.UTF_8), 0);
        }
    }

    private final HttpsServer server;
    private final Path pem;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private DocumentSite(HttpsServer server, Path pem) {
        this.server = server;
        this.pem = pem;
    }

    public static DocumentSite start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path store = dir.resolve("site.p12");
        Path pem = dir.resolve("site.pem");
        Files.deleteIfExists(store);
        Files.deleteIfExists(pem);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "site", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
        run(List.of(keytool, "-exportcert", "-rfc", "-alias", "site", "-keystore", store.toString(), "-storetype",
                "PKCS12", "-storepass", "changeit", "-file", pem.toString()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "document-site");
            t.setDaemon(true);
            return t;
        }));
        DocumentSite site = new DocumentSite(server, pem);
        server.createContext("/", site::answer);
        server.start();
        return site;
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command.get(1) + " failed: " + out);
        }
    }

    private void answer(com.sun.net.httpserver.HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        Answer a = answers.getOrDefault(path, new Answer(404, Map.of(), new byte[0], 0));
        try {
            Thread.sleep(a.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        if (a.body().length > 0) {
            ex.getResponseBody().write(a.body());
        }
        ex.close();
    }

    /** {@code https://localhost:{port}{path}}. */
    public String url(String path) {
        return "https://localhost:" + server.getAddress().getPort() + path;
    }

    public void serve(String path, Answer answer) {
        answers.put(path, answer);
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** The site's certificate (PEM), the one a client must trust. */
    public Path certificatePem() {
        return pem;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
