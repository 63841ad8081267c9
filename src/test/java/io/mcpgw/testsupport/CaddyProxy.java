package io.mcpgw.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Caddy (Debian's {@code caddy}, installed by {@code .ci/run}) run with a Caddyfile the test writes, on a free
 * loopback port. Where Caddy is not installed the calling test is skipped ({@link OptionalProgram#require()}).
 */
public final class CaddyProxy implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private CaddyProxy(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts Caddy with {@code caddyfile}, in which {@code {PORT}} is replaced by the listen port. */
    public static CaddyProxy start(String caddyfile) throws IOException {
        return start(InProcessGateway.freePort(), caddyfile);
    }

    /** Starts Caddy on {@code port} (chosen in advance, e.g. to be the issuer's port). */
    public static CaddyProxy start(int port, String caddyfile) throws IOException {
        return start(port, caddyfile, "auto_https off");
    }

    /**
     * Starts Caddy on {@code port} with {@code globalOptions} (besides {@code admin off}) in the global block, e.g.
     * {@code auto_https disable_redirects} for sites with {@code tls internal} (Caddy's local CA, see {@link #rootCertificate()}).
     */
    public static CaddyProxy start(int port, String caddyfile, String globalOptions) throws IOException {
        OptionalProgram.CADDY.require();
        Path binary = OptionalProgram.CADDY.executable();
        Path dir = Files.createTempDirectory("caddy-test-");
        Path file = dir.resolve("Caddyfile");
        Files.writeString(file, "{\n\tadmin off\n\t" + globalOptions.replace("\n", "\n\t") + "\n}\n" + caddyfile.replace("{PORT}", String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "run", "--config", file.toString(), "--adapter", "caddyfile")
                .redirectErrorStream(true).redirectOutput(dir.resolve("caddy.log").toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_DATA_HOME", dir.toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.toString());
        Process p = pb.start();
        CaddyProxy caddy = new CaddyProxy(p, port, dir);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("caddy exited: " + Files.readString(dir.resolve("caddy.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return caddy;
    }

    public int port() {
        return port;
    }

    /** The root certificate of Caddy's local CA ({@code tls internal}): what clients must trust. */
    public Path rootCertificate() {
        Path root = dir.resolve("caddy/pki/authorities/local/root.crt");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.isRegularFile(root) && Files.size(root) > 0);
        return root;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("caddy.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
