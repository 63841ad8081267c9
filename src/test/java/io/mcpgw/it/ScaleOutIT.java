package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RedisSentinelGroup;
import io.mcpgw.testsupport.RequiresProgram;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out on loopback, every part a real process: three gateway replicas ({@code java -jar}, each with its own
 * {@code GATEWAY_INTERNAL_URL}), HAProxy round-robin in front with no stickiness (it names the replica that answered in
 * {@code X-Replica}), Redis master + replica + three Sentinels behind {@code redis-sentinel://}.
 * <ol>
 *   <li>One MCP session works through every replica: consecutive requests land on different replicas and those that
 *       are not the owner forward to it (SSE replies included).</li>
 *   <li>The owner is SIGKILLed: the session answers 404 on the replicas left, its owner record is removed, and the
 *       client re-initializes cleanly.</li>
 *   <li>The Redis master is SIGKILLed under load (new OAuth clients and grants, MCP calls): the Sentinels fail over,
 *       the replicas follow without a restart, and every refresh token the gateway acknowledged still works.</li>
 *   <li>A replica gets SIGTERM: it drains within the shutdown timeout, releasing its sessions' owner records, so its
 *       session answers 404 at once elsewhere.</li>
 * </ol>
 * The figures (requests, errors, recovery seconds) are printed and written to
 * {@code target/scale-out-figures.txt} (RELIABILITY.md quotes them).
 */
@RequiresProgram(OptionalProgram.HAPROXY)
@RequiresProgram(OptionalProgram.REDIS_SERVER)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {
    static final Path JAR = Path.of("target", "mcp-oauth-gateway.jar").toAbsolutePath();
    static final String SECRET = "it-cluster-secret-" + "0123456789abcdef0123456789abcdef";
    static final String ACCEPT = "application/json, text/event-stream";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    static final Map<String, Object> FIGURES = new LinkedHashMap<>();

    @TempDir
    static Path dir;
    static RedisSentinelGroup redis;
    static Process haproxy;
    static int front;
    static final Map<String, Process> replicas = new LinkedHashMap<>();
    static final Map<String, Integer> ports = new LinkedHashMap<>();
    static String base;
    static String resource;
    static DevLoginClient.Tokens tokens;

    @BeforeAll
    static void startEverything() throws Exception {
        OptionalProgram.HAPROXY.require();
        redis = RedisSentinelGroup.create().start();
        front = InProcessGateway.freePort();
        base = "http://127.0.0.1:" + front;
        resource = base + "/everything/mcp";
        String key = rsaKeyBase64();
        for (String name : List.of("r1", "r2", "r3")) {
            ports.put(name, InProcessGateway.freePort());
        }
        for (String name : ports.keySet()) {
            replicas.put(name, launch(name, key));
        }
        haproxy = startHaproxy();
        for (String name : ports.keySet()) {
            awaitReady(name);
        }
        await("HAProxy sees every replica up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> servedBy(10).size() == 3);
        tokens = new DevLoginClient(base).login("alice", resource, null);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        replicas.values().forEach(Process::destroy);
        for (Process p : replicas.values()) {
            p.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        if (haproxy != null) {
            haproxy.destroyForcibly();
        }
        if (redis != null) {
            redis.close();
        }
        StringBuilder text = new StringBuilder();
        FIGURES.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "scale-out-figures.txt"), text);
        System.out.println("scale-out figures:\n" + text);
    }

    @Test
    @Order(1)
    void oneSessionWorksThroughEveryReplicaWithoutStickiness() throws Exception {
        HttpResponse<String> init = post(null, initialize());
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        String owner = replica(init);
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
                .isEqualTo(202);
        List<String> servedBy = new ArrayList<>();
        int forwarded = 0;
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = post(session, echo(i, "hello " + i));
            assertThat(r.statusCode()).as("call %d: %s", i, r.body()).isEqualTo(200);
            assertThat(r.body()).contains("hello " + i).contains("\"id\":" + (100 + i));
            servedBy.add(replica(r));
            forwarded += replica(r).equals(owner) ? 0 : 1;
        }
        for (int i = 1; i < servedBy.size(); i++) {
            assertThat(servedBy.get(i)).as("round robin without stickiness: %s", servedBy).isNotEqualTo(servedBy.get(i - 1));
        }
        assertThat(Set.copyOf(servedBy)).containsExactlyInAnyOrder("r1", "r2", "r3");
        assertThat(forwarded).isEqualTo(8);
        // a streamed reply (SSE: progress notifications, then the result) through a replica that is not the owner
        // arrives event by event, not buffered until the end
        for (int attempt = 0; ; attempt++) {
            long sent = System.nanoTime();
            HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(request(session, tokens.accessToken())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/call\","
                            + "\"params\":{\"name\":\"trigger-long-running-operation\",\"arguments\":{\"duration\":2,"
                            + "\"steps\":4},\"_meta\":{\"progressToken\":\"p1\"}}}")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<Long> progressAt = new ArrayList<>();
            long[] resultAt = {0};
            r.body().forEach(line -> {
                if (line.contains("notifications/progress")) {
                    progressAt.add(System.nanoTime() - sent);
                } else if (line.contains("Long running operation completed")) {
                    resultAt[0] = System.nanoTime() - sent;
                }
            });
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(progressAt).hasSize(4);
            assertThat(resultAt[0]).isPositive();
            if (!replica(r).equals(owner) || attempt == 5) {
                assertThat(replica(r)).as("a non-owner within 6 attempts").isNotEqualTo(owner);
                assertThat(resultAt[0] - progressAt.get(0)).as("first progress event came before the end (streamed)")
                        .isGreaterThan(Duration.ofMillis(800).toNanos());
                FIGURES.put("phase1.streamed_first_event_before_result_ms", (resultAt[0] - progressAt.get(0)) / 1_000_000);
                break;
            }
        }
        FIGURES.put("phase1.requests", 14);
        FIGURES.put("phase1.forwarded_to_owner", forwarded);
        FIGURES.put("phase1.errors", 0);

        // the session cannot be taken over by another user, whichever replica the request lands on
        DevLoginClient.Tokens bob = new DevLoginClient(base).login("bob", resource, null);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = post(session, echo(900 + i, "not yours"), bob.accessToken());
            assertThat(r.statusCode()).isEqualTo(404);
        }
        // a forged hop header from outside changes nothing: the request is still forwarded to the owner and served
        HttpResponse<String> forged = send(request(session, bob.accessToken())
                .header("Mcp-Gateway-Hop", "1.forged")
                .POST(HttpRequest.BodyPublishers.ofString(echo(950, "forged"))).build());
        assertThat(forged.statusCode()).isEqualTo(404);
        HttpResponse<String> forgedByOwner = send(request(session, tokens.accessToken())
                .header("Mcp-Gateway-Hop", "1.forged")
                .POST(HttpRequest.BodyPublishers.ofString(echo(951, "still served"))).build());
        assertThat(forgedByOwner.statusCode()).isEqualTo(200);
        assertThat(forgedByOwner.body()).contains("still served");
        FIGURES.put("phase1.session_owner", owner);
        FIGURES.put("phase1.session", session.substring(0, 6) + "…");
        ownedSession = session;
        ownerName = owner;
    }

    static String ownedSession;
    static String ownerName;

    @Test
    @Order(2)
    void theOwnerIsKilledThenTheSessionIs404AndTheClientReinitializesCleanly() throws Exception {
        assertThat(ownedSession).as("phase 1 ran").isNotNull();
        Process owner = replicas.remove(ownerName);
        owner.destroyForcibly();
        owner.waitFor(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        AtomicInteger attempt = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> last = new java.util.concurrent.atomic.AtomicReference<>();
        await("the dead owner's session answers 404").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    HttpResponse<String> r = post(ownedSession, echo(200 + attempt.getAndIncrement(), "after kill"));
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    last.set(r);
                    if (r.statusCode() != 404) {
                        assertThat(r.statusCode()).as("only transient answers before the 404: %s", r.body())
                                .isIn(502, 503);
                    }
                    assertThat(r.statusCode()).as("statuses %s", statuses).isEqualTo(404);
                });
        HttpResponse<String> gone = last.get();
        assertThat(gone.body()).contains("\"code\":-32001").contains("Session not found");
        double to404 = (System.nanoTime() - killed) / 1e9;
        assertThat(RedisSentinelGroup.call(redis.currentMasterPort(), "EXISTS", "mcp:owner:" + ownedSession))
                .as("the dead owner's record is removed").isEqualTo("0");
        HttpResponse<String> init = post(null, initialize());
        assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(replica(init)).isNotEqualTo(ownerName);
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
                .isEqualTo(202);
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = post(session, echo(300 + i, "again " + i));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("again " + i);
        }
        double recovered = (System.nanoTime() - killed) / 1e9;
        FIGURES.put("phase2.requests_until_404", statuses.values().stream().mapToInt(Integer::intValue).sum());
        FIGURES.put("phase2.transient_errors", statuses.entrySet().stream().filter(e -> e.getKey() != 404)
                .mapToInt(Map.Entry::getValue).sum());
        FIGURES.put("phase2.seconds_kill_to_404", String.format("%.2f", to404));
        FIGURES.put("phase2.seconds_kill_to_working_new_session", String.format("%.2f", recovered));
        liveSession = session;
    }

    static String liveSession;

    @Test
    @Order(3)
    void theRedisMasterIsKilledUnderLoadThenFailoverLosesNothingAcknowledged() throws Exception {
        assertThat(liveSession).as("phase 2 ran").isNotNull();
        int replicaPort = redis.replicaPort();
        AtomicBoolean running = new AtomicBoolean(true);
        List<DevLoginClient.Tokens> acknowledged = new CopyOnWriteArrayList<>();
        AtomicInteger oauthErrors = new AtomicInteger();
        AtomicInteger mcpOk = new AtomicInteger();
        AtomicInteger mcpErrors = new AtomicInteger();
        Map<Integer, Integer> mcpStatuses = new java.util.concurrent.ConcurrentHashMap<>();
        Thread oauth = new Thread(() -> {
            while (running.get()) {
                try {
                    acknowledged.add(new DevLoginClient(base).login("carol", resource, null));
                } catch (RuntimeException e) {
                    oauthErrors.incrementAndGet();
                    sleep(100);
                }
            }
        });
        Thread mcp = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                try {
                    HttpResponse<String> r = post(liveSession, echo(1000 + i, "load " + i));
                    if (r.statusCode() == 200 && r.body().contains("load " + i)) {
                        mcpOk.incrementAndGet();
                    } else {
                        mcpErrors.incrementAndGet();
                        mcpStatuses.merge(r.statusCode(), 1, Integer::sum);
                        sleep(100);
                    }
                } catch (Exception e) {
                    mcpErrors.incrementAndGet();
                    sleep(100);
                }
            }
        });
        oauth.start();
        mcp.start();
        await("OAuth flows and MCP calls flow before the fault").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).until(() -> acknowledged.size() >= 3 && mcpOk.get() >= 10);
        int before = acknowledged.size();
        redis.killMaster();
        long killed = System.nanoTime();
        Duration failover = redis.awaitFailover(replicaPort, Duration.ofSeconds(60));
        int atFailover = acknowledged.size();
        await("a new OAuth grant succeeds after the failover").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> acknowledged.size() > atFailover + 1);
        double oauthRecovered = (System.nanoTime() - killed) / 1e9;
        int mcpAtRecovery = mcpOk.get();
        await("MCP calls succeed again").atMost(Duration.ofSeconds(60)).until(() -> mcpOk.get() > mcpAtRecovery + 2);
        FIGURES.put("phase3.seconds_kill_to_mcp_calls_ok_again_at_most", String.format("%.2f", (System.nanoTime() - killed) / 1e9));
        int grantsAtRecovery = acknowledged.size();
        int callsAtRecovery = mcpOk.get();
        await("load keeps flowing after the recovery").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> acknowledged.size() >= grantsAtRecovery + 3 && mcpOk.get() >= callsAtRecovery + 10);
        running.set(false);
        oauth.join(30_000);
        mcp.join(30_000);

        List<String> lost = new ArrayList<>();
        for (DevLoginClient.Tokens t : acknowledged) {
            HttpResponse<String> r = refresh(t);
            if (r.statusCode() != 200) {
                lost.add(t.clientId() + " " + r.statusCode() + " " + r.body());
            }
        }
        FIGURES.put("phase3.grants_acknowledged", acknowledged.size());
        FIGURES.put("phase3.grants_before_kill", before);
        FIGURES.put("phase3.oauth_flow_errors", oauthErrors.get());
        FIGURES.put("phase3.mcp_calls_ok", mcpOk.get());
        FIGURES.put("phase3.mcp_calls_failed", mcpErrors.get() + " " + mcpStatuses);
        FIGURES.put("phase3.seconds_kill_to_sentinel_promotion", String.format("%.2f", failover.toMillis() / 1000.0));
        FIGURES.put("phase3.seconds_kill_to_new_grant", String.format("%.2f", oauthRecovered));
        FIGURES.put("phase3.acknowledged_grants_lost", lost.size());
        assertThat(acknowledged.size()).isGreaterThan(before);
        assertThat(lost).as("acknowledged grants whose refresh token no longer works").isEmpty();
        assertThat(redis.currentMasterPort()).isEqualTo(replicaPort);
    }

    @Test
    @Order(4)
    void aReplicaGivenSigtermDrainsAndReleasesItsSessions() throws Exception {
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> opened = new java.util.concurrent.atomic.AtomicReference<>();
        await("a replica opens a session").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    opened.set(post(null, initialize()));
                    return opened.get().statusCode() == 200;
                });
        HttpResponse<String> init = opened.get();
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        String name = replica(init);
        Process owner = replicas.remove(name);
        long start = System.nanoTime();
        owner.destroy(); // SIGTERM
        assertThat(owner.waitFor(15, TimeUnit.SECONDS)).as("drained within the shutdown timeout").isTrue();
        double drained = (System.nanoTime() - start) / 1e9;
        String log = Files.readString(dir.resolve(name).resolve("gateway.log"));
        java.util.regex.Matcher released = java.util.regex.Pattern
                .compile("event=scale_out_drain owner_records_released=(\\d+)").matcher(log);
        assertThat(released.find() && Integer.parseInt(released.group(1)) >= 1)
                .as("drain logged; the log ends:\n%s", log.substring(Math.max(0, log.length() - 4000))).isTrue();
        assertThat(RedisSentinelGroup.call(redis.currentMasterPort(), "EXISTS", "mcp:owner:" + session)).isEqualTo("0");
        AtomicInteger drainedAttempt = new AtomicInteger();
        await("the drained replica's session answers 404").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(
                        post(session, echo(5000 + drainedAttempt.getAndIncrement(), "drained")).statusCode())
                        .isEqualTo(404));
        FIGURES.put("phase4.seconds_sigterm_to_exit", String.format("%.2f", drained));
    }

    // --- helpers ---

    static Process launch(String name, String key) throws IOException {
        Path work = dir.resolve(name);
        Files.createDirectories(work);
        Files.createSymbolicLink(work.resolve("node_modules"), Path.of("node_modules").toAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString())
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_") || k.startsWith("GITHUB_")
                || k.startsWith("REDIS_") || k.startsWith("JWT_") || k.equals("BASE_DOMAIN"));
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_PORT", String.valueOf(ports.get(name)));
        env.put("GATEWAY_ISSUER", base);
        env.put("REDIS_URL", redis.url());
        env.put("GATEWAY_INTERNAL_URL", "http://127.0.0.1:" + ports.get(name));
        env.put("GATEWAY_CLUSTER_SECRET", SECRET);
        env.put("JWT_PRIVATE_KEY_B64", key);
        env.put("GATEWAY_SERVICES", "everything");
        pb.environment().putAll(env);
        return pb.start();
    }

    static Process startHaproxy() throws IOException {
        StringBuilder servers = new StringBuilder();
        ports.forEach((name, port) -> servers.append("  server ").append(name).append(" 127.0.0.1:").append(port)
                .append(" check inter 300 fall 2 rise 2\n"));
        Path conf = dir.resolve("haproxy.cfg");
        Files.writeString(conf, String.join("\n",
                "global", "  maxconn 2000", "defaults", "  mode http", "  timeout connect 2s", "  timeout client 60s",
                "  timeout server 60s", "  retries 2", "  option redispatch",
                "frontend gateway", "  bind 127.0.0.1:" + front, "  default_backend replicas",
                "backend replicas", "  balance roundrobin",
                "  option httpchk", "  http-check send meth GET uri /.well-known/oauth-authorization-server ver HTTP/1.1"
                        + " hdr Host 127.0.0.1:" + front,
                "  http-check expect status 200",
                "  http-response set-header X-Replica %s", servers.toString()));
        return new ProcessBuilder(OptionalProgram.HAPROXY.executable().toString(), "-f", conf.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    }

    static void awaitReady(String name) {
        Process p = replicas.get(name);
        await(name + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(p.isAlive()).as("%s exited:\n%s", name, Files.readString(dir.resolve(name).resolve("gateway.log")))
                    .isTrue();
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(name)
                                        + "/.well-known/oauth-authorization-server"))
                                .header("Host", "127.0.0.1:" + front).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    static Set<String> servedBy(int requests) throws Exception {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-authorization-server"))
                    .timeout(Duration.ofSeconds(10)).build());
            if (r.statusCode() == 200) {
                names.add(replica(r));
            }
        }
        return names;
    }

    static String replica(HttpResponse<?> r) {
        return r.headers().firstValue("X-Replica").orElse("?");
    }

    static HttpRequest.Builder request(String session, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(resource)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", ACCEPT)
                .header("Content-Type", "application/json").header("MCP-Protocol-Version", "2025-06-18");
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return b;
    }

    static HttpResponse<String> post(String session, String body) throws Exception {
        return post(session, body, tokens.accessToken());
    }

    static HttpResponse<String> post(String session, String body, String token) throws Exception {
        return send(request(session, token).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> refresh(DevLoginClient.Tokens t) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/token")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                        + URLEncoder.encode(t.refreshToken(), StandardCharsets.UTF_8) + "&client_id="
                        + URLEncoder.encode(t.clientId(), StandardCharsets.UTF_8))).build());
    }

    static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"scale-out-test\",\"version\":\"1\"}}}";
    }

    static String echo(int n, String text) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (100 + n) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"" + text + "\"}}}";
    }

    static String rsaKeyBase64() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** The back-off of the load threads after a failed call (pacing, not a wait for a condition). */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
