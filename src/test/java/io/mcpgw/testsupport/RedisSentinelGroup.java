package io.mcpgw.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Redis Sentinel deployment on loopback for tests: a master, one replica and three Sentinels (quorum 2), each a
 * {@code redis-server} child process ({@code --sentinel} for the Sentinels) on a free port, AOF with
 * {@code appendfsync everysec} as in production, a failure detected after {@value #DOWN_AFTER_MILLIS} ms.
 * {@link #killMaster()} SIGKILLs the master; {@link #awaitFailover} waits until the Sentinels name the replica as
 * the new master. Ready means: the replica's link is up and every Sentinel knows the replica and the two other
 * Sentinels (so a failover can happen at once).
 */
public final class RedisSentinelGroup implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final String MASTER_NAME = "gatewaymaster";
    static final int DOWN_AFTER_MILLIS = 1000;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    private Path directory;
    private int masterPort;
    private int replicaPort;
    private final List<Integer> sentinelPorts = new ArrayList<>();

    /** A group (not started). */
    public static RedisSentinelGroup create() {
        return new RedisSentinelGroup();
    }

    public synchronized RedisSentinelGroup start() {
        OptionalProgram.REDIS_SERVER.require();
        try {
            directory = Files.createTempDirectory("redis-sentinel-test-");
            masterPort = freePort();
            replicaPort = freePort();
            startData(masterPort, List.of());
            startData(replicaPort, List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
            for (int i = 0; i < 3; i++) {
                int port = freePort();
                sentinelPorts.add(port);
                Path conf = directory.resolve("sentinel-" + port + ".conf");
                Files.writeString(conf, String.join("\n",
                        "port " + port,
                        "bind 127.0.0.1",
                        "dir " + directory,
                        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MILLIS,
                        "sentinel failover-timeout " + MASTER_NAME + " 10000",
                        "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
                launch(port, List.of(conf.toString(), "--sentinel"));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the Redis Sentinel group", e);
        }
        await("Redis replica linked and every Sentinel aware of the replica and the other Sentinels")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(this::settled);
        return this;
    }

    /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3#gatewaymaster}. */
    public String url() {
        StringBuilder nodes = new StringBuilder();
        for (int port : sentinelPorts) {
            nodes.append(nodes.length() == 0 ? "" : ",").append("127.0.0.1:").append(port);
        }
        return "redis-sentinel://" + nodes + "#" + MASTER_NAME;
    }

    public List<Integer> sentinelPorts() {
        return List.copyOf(sentinelPorts);
    }

    /** The port of the node the Sentinels name master now. */
    public int currentMasterPort() {
        String answer = call(sentinelPorts.get(0), "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
        return Integer.parseInt(answer.split("\n")[1]);
    }

    public int masterPort() {
        return masterPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    /** SIGKILLs the current master. */
    public void killMaster() {
        Process p = processes.remove(currentMasterPort());
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the Sentinels name {@code newMasterPort} master and it accepts writes; returns the time it took. */
    public Duration awaitFailover(int newMasterPort, Duration atMost) {
        long start = System.nanoTime();
        await("Sentinel failover to port " + newMasterPort).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> currentMasterPort() == newMasterPort
                        && call(newMasterPort, "ROLE").startsWith("master"));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A command on the node listening on {@code port}; the reply as text (arrays joined by newlines). */
    public static String call(int port, String... command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 2_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            RedisServerProcess.send(out, command);
            return RedisServerProcess.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("redis on port " + port + " did not answer", e);
        }
    }

    private boolean settled() {
        if (!call(replicaPort, "INFO", "replication").contains("master_link_status:up")) {
            return false;
        }
        for (int port : sentinelPorts) {
            String master = call(port, "SENTINEL", "master", MASTER_NAME);
            if (!master.contains("num-slaves\n1") || !master.contains("num-other-sentinels\n2")) {
                return false;
            }
        }
        return true;
    }

    private void startData(int port, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", directory.resolve("node-" + port).toString(), "--save", "", "--appendonly", "yes",
                "--appendfsync", "everysec", "--daemonize", "no"));
        args.addAll(extra);
        Files.createDirectories(directory.resolve("node-" + port));
        launch(port, args);
    }

    private void launch(int port, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(RedisServerProcess.binary().toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis-" + port + ".log").toFile()))
                .start();
        processes.put(port, p);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process p : processes.values()) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }
}
