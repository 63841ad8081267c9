package io.mcpgw.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} child process for tests, listening on a free loopback port, with its own temporary
 * directory and an append-only file fsynced on every write, so {@link #restart()} keeps every acknowledged write.
 *
 * <p>The binary is, in order: the file named by {@code -Dredis.server.bin} or {@code $REDIS_SERVER_BIN}, then
 * {@code redis-server} on the {@code PATH}, then the Linux x86-64 Redis 6.2.6 binary shipped inside
 * {@code com.github.codemonstur:embedded-redis} (copied to a temporary file once per JVM).
 *
 * <p>Use it either as a JUnit 5 extension, started before and closed after the test class:
 * <pre>{@code @RegisterExtension static final RedisServerProcess REDIS = RedisServerProcess.create();}</pre>
 * or directly: {@code try (var redis = RedisServerProcess.withPassword("secret").start()) { ... }}.
 * Readiness is a polled {@code PING} (after {@code AUTH}) answering {@code PONG}; nothing sleeps.
 */
public final class RedisServerProcess implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final String EMBEDDED_BINARY = "redis-server-6.2.6-v5-linux-amd64";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static Path extractedBinary;

    private final String password;
    private String appendFsync = "always";
    private Path directory;
    private int port;
    private Process process;

    private RedisServerProcess(String password) {
        this.password = password;
    }

    /** A server without a password (not started). */
    public static RedisServerProcess create() {
        return new RedisServerProcess(null);
    }

    /** A server started with {@code --requirepass password} (not started). */
    public static RedisServerProcess withPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password must not be empty");
        }
        return new RedisServerProcess(password);
    }

    /**
     * AOF fsync once per second, as the production Redis of compose/ runs; for load measurements. The default
     * {@code always} makes every write durable before it is acknowledged, which the restart tests rely on.
     */
    public RedisServerProcess everySecondFsync() {
        this.appendFsync = "everysec";
        return this;
    }

    /** Starts the server (on a new free port the first time, the same port and directory afterwards). */
    public synchronized RedisServerProcess start() {
        if (isRunning()) {
            return this;
        }
        try {
            if (directory == null) {
                directory = Files.createTempDirectory("redis-test-");
                port = freePort();
            }
            List<String> command = new ArrayList<>(List.of(binary().toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", directory.toString(),
                    "--save", "", "--appendonly", "yes", "--appendfsync", appendFsync, "--daemonize", "no"));
            if (password != null) {
                command.addAll(List.of("--requirepass", password));
            }
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
        try {
            await("redis-server on port " + port + " answering PING")
                    .atMost(STARTUP_TIMEOUT)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10))
                    .until(this::answersPing);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        return this;
    }

    /** Stops the server gracefully (SIGTERM: Redis flushes the append-only file), forcibly if it does not exit. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            process = null;
        }
    }

    /** Stops and starts again on the same port and directory; data comes back from the append-only file. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() {
        stop();
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary directory is harmless
            }
            directory = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The port, fixed once the server first started. */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("redis-server has not been started");
        }
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}, without the password. */
    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    /** {@code redis://:<password>@127.0.0.1:<port>}, or {@link #url()} when there is no password. */
    public String urlWithPassword() {
        return password == null ? url() : "redis://:" + password + "@127.0.0.1:" + port();
    }

    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The server's working directory (append-only file, {@code redis.log}). */
    public synchronized Path directory() {
        return directory;
    }

    /** Standard output and error of every run of this server. */
    public Path logFile() {
        return directory().resolve("redis.log");
    }

    /** The {@code redis_version} reported by {@code INFO server}. */
    public String version() {
        return execute("INFO", "server").lines()
                .filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring("redis_version:".length()).strip())
                .findFirst().orElse("unknown");
    }

    /**
     * Sends one command on a new connection (after {@code AUTH} when there is a password) and returns the reply as
     * text: simple strings, integers and bulk strings as is, nil as {@code null}, arrays one element per line.
     *
     * @throws IllegalStateException on an error reply
     * @throws UncheckedIOException  when the server cannot be reached
     */
    public String execute(String... command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port()), 2_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                send(out, "AUTH", password);
                read(in);
            }
            send(out, command);
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server on port " + port + " did not answer", e);
        }
    }

    private boolean answersPing() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("redis-server exited during start-up, log:\n" + readLog());
        }
        try {
            return "PONG".equals(execute("PING"));
        } catch (UncheckedIOException | IllegalStateException notReadyYet) { // refused, or -LOADING
            return false;
        }
    }

    private String readLog() {
        try {
            return Files.readString(logFile());
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static void send(OutputStream out, String... args) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            frame.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            frame.writeBytes(bytes);
            frame.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    static String read(InputStream in) throws IOException {
        int type = in.read();
        String line = readLine(in);
        switch (type) {
            case '+', ':' -> {
                return line;
            }
            case '-' -> throw new IllegalStateException(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return count < 0 ? null : String.join("\n", items);
            }
            case -1 -> throw new IOException("connection closed");
            default -> throw new IOException("unexpected reply type " + (char) type);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new IOException("connection closed");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    /** The redis-server executable (see the class comment for the search order). */
    static synchronized Path binary() throws IOException {
        String configured = Optional.ofNullable(System.getProperty("redis.server.bin"))
                .orElse(System.getenv("REDIS_SERVER_BIN"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Optional<Path> onPath = Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("")
                        .split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
        if (onPath.isPresent()) {
            return onPath.get();
        }
        if (!embeddedBinaryFits()) {
            OptionalProgram.REDIS_SERVER.require(); // skips (or fails in CI) the test: nothing to run
        }
        if (extractedBinary == null) {
            extractedBinary = extractEmbeddedBinary();
        }
        return extractedBinary;
    }

    /** True when a Redis binary is configured, or the embedded one fits this machine (Linux x86-64). */
    static boolean hasUsableBinary() {
        String configured = Optional.ofNullable(System.getProperty("redis.server.bin")).orElse(System.getenv("REDIS_SERVER_BIN"));
        return (configured != null && Files.isExecutable(Path.of(configured))) || embeddedBinaryFits();
    }

    private static boolean embeddedBinaryFits() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))
                && RedisServerProcess.class.getClassLoader().getResource(EMBEDDED_BINARY) != null;
    }

    private static Path extractEmbeddedBinary() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("no redis-server on PATH and no embedded binary for " + os + "/" + arch
                    + "; install redis-server or set REDIS_SERVER_BIN");
        }
        try (InputStream binary = RedisServerProcess.class.getClassLoader().getResourceAsStream(EMBEDDED_BINARY)) {
            if (binary == null) {
                throw new IllegalStateException("no redis-server on PATH and " + EMBEDDED_BINARY
                        + " not on the test class path (com.github.codemonstur:embedded-redis)");
            }
            Path target = Files.createTempFile("redis-server-", "");
            target.toFile().deleteOnExit();
            Files.copy(binary, target, StandardCopyOption.REPLACE_EXISTING);
            if (!target.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + target + " executable");
            }
            return target;
        }
    }
}
