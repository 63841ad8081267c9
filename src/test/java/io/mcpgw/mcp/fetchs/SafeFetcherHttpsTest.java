package io.mcpgw.mcp.fetchs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * https through the pinned connection: the request goes to the vetted IP, the TLS SNI and the certificate check
 * use the URL's host name. The site's certificate (made by keytool) is for {@code secure.test} only.
 */
class SafeFetcherHttpsTest {
    static HttpsServer server;
    static javax.net.ssl.TrustManager[] trust;
    static final AtomicReference<String> sni = new AtomicReference<>();
    static final SafeFetcher.Limits LIMITS = new SafeFetcher.Limits(4096, Duration.ofSeconds(10), Duration.ofSeconds(5), 5, "t");

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/fetchs-tls"));
        Path store = dir.resolve("site.p12");
        Files.deleteIfExists(store);
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "site", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=secure.test",
                "-ext", "SAN=dns:secure.test", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit")).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext serverSsl = SSLContext.getInstance("TLS");
        serverSsl.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trust = tmf.getTrustManagers();

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverSsl));
        server.createContext("/", ex -> {
            if (((com.sun.net.httpserver.HttpsExchange) ex).getSSLSession() instanceof javax.net.ssl.ExtendedSSLSession s && !s.getRequestedServerNames().isEmpty()) {
                sni.set(new String(s.getRequestedServerNames().get(0).getEncoded(), StandardCharsets.US_ASCII));
            }
            byte[] body = ("host=" + ex.getRequestHeaders().getFirst("Host")).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static SafeFetcher resolving(String name) {
        return new SafeFetcher(new AddressPolicy(true), host -> {
            if (host.equals(name)) {
                return new InetAddress[]{InetAddress.getByName("127.0.0.1")};
            }
            throw new UnknownHostException(host);
        }, trust);
    }

    @Test
    void httpsGoesToThePinnedAddressWithTheNameAsSniAndHost() throws Exception {
        int port = server.getAddress().getPort();
        SafeFetcher.Response r = resolving("secure.test").fetch(URI.create("https://secure.test:" + port + "/"), LIMITS);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("host=secure.test:" + port);
        assertThat(sni.get()).isEqualTo("secure.test");
    }

    @Test
    void aCertificateForAnotherNameIsStillRejected() {
        int port = server.getAddress().getPort();
        assertThatThrownBy(() -> resolving("other.test").fetch(URI.create("https://other.test:" + port + "/"), LIMITS))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("request to other.test:" + port + " failed");
    }
}
