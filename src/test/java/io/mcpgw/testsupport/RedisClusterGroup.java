package io.mcpgw.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real three-master Redis Cluster on loopback for tests: three {@code redis-server --cluster-enabled yes} child
 * processes on free ports, the 16384 slots split between them ({@code CLUSTER ADDSLOTS}) and joined
 * ({@code CLUSTER MEET}); ready when every node reports {@code cluster_state:ok}.
 */
public final class RedisClusterGroup implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    public static RedisClusterGroup create() {
        return new RedisClusterGroup();
    }

    public synchronized RedisClusterGroup start() {
        OptionalProgram.REDIS_SERVER.require();
        try {
            Path dir = Files.createTempDirectory("redis-cluster-test-");
            for (int i = 0; i < 3; i++) {
                int port = freePort();
                ports.add(port);
                Path node = Files.createDirectories(dir.resolve("node-" + port));
                processes.add(new ProcessBuilder(RedisServerProcess.binary().toString(), "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--dir", node.toString(), "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--save", "", "--appendonly", "no", "--daemonize", "no")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start());
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start the Redis Cluster", e);
        }
        await("cluster nodes answer").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> ports.stream().allMatch(p -> "PONG".equals(RedisSentinelGroup.call(p, "PING"))));
        int per = 16384 / 3;
        for (int i = 0; i < 3; i++) {
            int from = i * per;
            int to = i == 2 ? 16383 : from + per - 1;
            List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = from; slot <= to; slot++) {
                command.add(Integer.toString(slot));
            }
            RedisSentinelGroup.call(ports.get(i), command.toArray(String[]::new));
        }
        for (int i = 1; i < 3; i++) {
            RedisSentinelGroup.call(ports.get(0), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(ports.get(i)));
        }
        await("cluster_state:ok on every node").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> ports.stream().allMatch(p -> RedisSentinelGroup.call(p, "CLUSTER", "INFO")
                        .contains("cluster_state:ok") && RedisSentinelGroup.call(p, "CLUSTER", "INFO")
                        .contains("cluster_known_nodes:3")));
        return this;
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    public String url() {
        StringBuilder nodes = new StringBuilder();
        ports.forEach(p -> nodes.append(nodes.length() == 0 ? "" : ",").append("127.0.0.1:").append(p));
        return "redis-cluster://" + nodes;
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        processes.forEach(Process::destroyForcibly);
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
