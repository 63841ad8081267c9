package io.mcpgw.bench;

import static org.awaitility.Awaitility.await;

import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.Pkce;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fault suite (not a test; {@code bench/faults.sh} runs it): the packaged gateway jar and redis-server as real
 * processes on loopback, faults injected with SIGKILL, misbehaving stdio children and hostile sockets, figures
 * written as Markdown. Usage: {@code FaultSuite <gateway jar> <fake-servers dir> <work dir> <report.md>}.
 */
public final class FaultSuite {
    static final String REDIRECT = "http://127.0.0.1:47123/callback";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(3)).build();
    static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

    final Path jar;
    final Path fakeServers;
    final Path work;
    final StringBuilder md = new StringBuilder();
    final List<Process> started = Collections.synchronizedList(new ArrayList<>());

    FaultSuite(Path jar, Path fakeServers, Path work) {
        this.jar = jar;
        this.fakeServers = fakeServers;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        FaultSuite suite = new FaultSuite(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(),
                Path.of(args[2]).toAbsolutePath());
        Files.createDirectories(suite.work);
        try {
            suite.redisKilledUnderLoad();
            suite.gatewayKilledMidFlow();
            suite.childFaults();
            suite.slowlorisAndOversizedBodies();
        } finally {
            suite.started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
            suite.started.forEach(Process::destroyForcibly);
            Files.writeString(Path.of(args[3]), suite.md.toString());
            System.out.print(suite.md);
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ processes

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Process redis(int port, Path dir) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes", "--appendfsync", "everysec", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        started.add(p);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return p;
    }

    /** The packaged gateway; {@code redisPort} 0 = memory store. */
    Process gateway(String name, int port, int redisPort, Path services, String heap) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + heap, "-Dgateway.mcp.request-timeout=PT5S",
                "-Dgateway.mcp.kill-grace=PT1S", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(jar.getParent().getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()));
        pb.environment().put("GATEWAY_PORT", String.valueOf(port));
        pb.environment().put("REGISTER_RATE_LIMIT", "0");
        pb.environment().put("GATEWAY_SERVICES_DIR", services.toString());
        if (redisPort > 0) {
            pb.environment().put("REDIS_URL", "redis://127.0.0.1:" + redisPort);
        }
        Process p = pb.start();
        started.add(p);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited: see " + work.resolve(name + ".log"));
            }
            return status(get(base(port) + "/.well-known/oauth-authorization-server")) == 200;
        });
        return p;
    }

    /** Drop-in service files for the fake stdio servers, in the format the bundled service files use. */
    Path services(String... names) throws IOException {
        Path dir = Files.createDirectories(work.resolve("services-" + String.join("-", names)));
        boolean templated = Files.readString(Path.of("src/main/resources/services/everything.camel.yaml"))
                .contains("templatedRoute");
        for (String n : names) {
            String script = fakeServers.resolve(n + ".js").toString();
            String yaml = templated
                    ? "- templatedRoute:\n    routeTemplateRef: mcp-stdio-service\n    routeId: mcp-" + n + "\n"
                    + "    parameters:\n      - name: name\n        value: " + n + "\n      - name: command\n        value: node\n"
                    + "      - name: args\n        value: '[\"" + script + "\"]'\n"
                    : "command: node\nargs: [\"" + script + "\"]\n";
            Files.writeString(dir.resolve(n + ".camel.yaml"), yaml);
        }
        return dir;
    }

    static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static String heapUsed(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
            return m.find() ? (Long.parseLong(m.group(2)) / 1024) + " MiB used of " + (Long.parseLong(m.group(1)) / 1024) + " MiB"
                    : "n/a";
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** Processes whose command line names a fake server of this suite. */
    long fakeChildren() {
        return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains(fakeServers.toString())
                || h.info().arguments().map(a -> String.join(" ", a)).orElse("").contains(fakeServers.toString())).count();
    }

    // ------------------------------------------------------------------ HTTP helpers

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET());
    }

    static HttpResponse<String> postForm(String url, String form) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    static HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static int status(HttpResponse<?> r) {
        return r == null ? -1 : r.statusCode();
    }

    static String field(HttpResponse<String> r, String name) {
        if (r == null) {
            return null;
        }
        Matcher m = FIELD.matcher(r.body());
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        return null;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String register(String base) {
        return field(send(HttpRequest.newBuilder(URI.create(base + "/register")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"faults\"}"))),
                "client_id");
    }

    record Code(String clientId, String code, String verifier) {
    }

    /** authorize → consent → development login: a code, not yet exchanged. */
    static Code code(String base, String clientId, String resource) {
        Pkce pkce = Pkce.create();
        BrowserSession browser = new BrowserSession();
        HttpResponse<String> consent = browser.get(URI.create(base + "/authorize?response_type=code&client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256&state=s&resource=" + enc(resource)));
        if (consent.statusCode() != 200) {
            return null;
        }
        HttpResponse<String> toLogin = browser.postForm(URI.create(base + "/consent"), "request="
                + enc(BrowserSession.hidden(consent.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(consent.body(), "csrf_token")) + "&decision=approve");
        String state = BrowserSession.query(toLogin.headers().firstValue("Location").orElseThrow()).get("state");
        HttpResponse<String> done = browser.postForm(URI.create(base + "/login"), "state=" + enc(state) + "&username=faults");
        return new Code(clientId, BrowserSession.query(done.headers().firstValue("Location").orElseThrow()).get("code"),
                pkce.verifier());
    }

    static HttpResponse<String> exchange(String base, Code c) {
        return postForm(base + "/token", "grant_type=authorization_code&code=" + enc(c.code()) + "&redirect_uri="
                + enc(REDIRECT) + "&client_id=" + enc(c.clientId()) + "&code_verifier=" + c.verifier());
    }

    static HttpResponse<String> refresh(String base, String clientId, String refreshToken) {
        return postForm(base + "/token", "grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id="
                + enc(clientId));
    }

    static String issuer(String base) {
        return field(get(base + "/.well-known/oauth-authorization-server"), "issuer");
    }

    static int verify(String base, String issuer, String token, String service) {
        URI i = URI.create(issuer);
        return status(send(HttpRequest.newBuilder(URI.create(base + "/verify")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("X-Forwarded-Proto", i.getScheme())
                .header("X-Forwarded-Host", i.getRawAuthority()).header("X-Forwarded-Uri", "/" + service + "/mcp")
                .header("X-Forwarded-Method", "POST").GET()));
    }

    static HttpResponse<String> mcp(String base, String service, String token, String session, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/" + service + "/mcp")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            b.header("Mcp-Session-Id", session);
        }
        return send(b);
    }

    static String openSession(String base, String service, String token) {
        HttpResponse<String> r = mcp(base, service, token, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"faults\",\"version\":\"1\"}}}");
        if (status(r) != 200) {
            return null;
        }
        String session = r.headers().firstValue("Mcp-Session-Id").orElse(null);
        mcp(base, service, token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return session;
    }

    static String call(int id, String tool) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"message\":\"hi\"}}}";
    }

    /** A token for every service of the gateway (no resource parameter). */
    static String[] tokens(String base, String clientId, String resource) {
        Code c = code(base, clientId, resource);
        HttpResponse<String> t = exchange(base, c);
        return new String[] {field(t, "access_token"), field(t, "refresh_token")};
    }

    // ------------------------------------------------------------------ load recording

    record Sample(long atMillis, String kind, int status, double millis) {
    }

    static String pct(List<Double> values, double p) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = values.stream().sorted().toList();
        return String.format("%.1f", sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1)));
    }

    static String statusSummary(List<Sample> samples) {
        Map<String, Long> byStatus = samples.stream().collect(Collectors.groupingBy(
                s -> s.status() < 0 ? "conn-error" : String.valueOf(s.status()), java.util.TreeMap::new, Collectors.counting()));
        return byStatus.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue()).collect(Collectors.joining(", "));
    }

    static boolean ok(int status) {
        return status >= 200 && status < 300;
    }

    // ------------------------------------------------------------------ 1. Redis SIGKILL under load

    void redisKilledUnderLoad() throws Exception {
        int redisPort = freePort();
        int port = freePort();
        Path redisDir = work.resolve("redis-1");
        Process redis = redis(redisPort, redisDir);
        Process gw = gateway("gateway-redis-kill", port, redisPort, services("basic"), "384m");
        String base = base(port);
        String iss = issuer(base);
        String resource = iss + "/basic/mcp";
        // state created well before the fault (AOF everysec: older than 1 s must survive)
        List<String[]> before = new ArrayList<>(); // clientId, access, refresh
        for (int i = 0; i < 10; i++) {
            String id = register(base);
            String[] t = tokens(base, id, resource);
            before.add(new String[] {id, t[0], t[1]});
        }
        String loadClient = register(base);
        String[] loadTokens = tokens(base, loadClient, resource);
        String session = openSession(base, "basic", loadTokens[0]);
        pause(PAST_ONE_AOF_FSYNC);

        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> registered = new ConcurrentLinkedQueue<>(); // registration time, index
        List<String> registeredIds = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        long t0 = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        String[][] chains = new String[2][];
        for (int w = 0; w < 2; w++) {
            int worker = w;
            String id = register(base);
            chains[w] = new String[] {id, tokens(base, id, resource)[1]};
            pool.submit(() -> {
                while (running.get()) {
                    long s = System.nanoTime();
                    HttpResponse<String> r = refresh(base, chains[worker][0], chains[worker][1]);
                    samples.add(new Sample(System.currentTimeMillis() - t0, "refresh", status(r), (System.nanoTime() - s) / 1e6));
                    if (ok(status(r))) {
                        chains[worker][1] = field(r, "refresh_token");
                    }
                    pause(20);
                }
            });
        }
        pool.submit(() -> {
            int id = 10;
            while (running.get()) {
                long s = System.nanoTime();
                HttpResponse<String> r = mcp(base, "basic", loadTokens[0], session, call(id++, "echo"));
                samples.add(new Sample(System.currentTimeMillis() - t0, "mcp", status(r), (System.nanoTime() - s) / 1e6));
                pause(20);
            }
        });
        pool.submit(() -> {
            while (running.get()) {
                long s = System.nanoTime();
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/register")).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}")));
                long at = System.currentTimeMillis() - t0;
                samples.add(new Sample(at, "register", status(r), (System.nanoTime() - s) / 1e6));
                if (status(r) == 201) {
                    registeredIds.add(field(r, "client_id"));
                    registered.add(new long[] {at, registeredIds.size() - 1});
                }
                samples.add(new Sample(at, "verify", verify(base, iss, loadTokens[0], "basic"), 0));
                pause(20);
            }
        });
        pause(LOAD_BEFORE_FAULT);
        long killAt = System.currentTimeMillis() - t0;
        redis.destroyForcibly().waitFor();
        pause(REDIS_OUTAGE);
        long restartAt = System.currentTimeMillis() - t0;
        redis(redisPort, redisDir);
        pause(LOAD_AFTER_RECOVERY);
        running.set(false);
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);

        List<Sample> all = new ArrayList<>(samples);
        long lastFailure = all.stream().filter(s -> !ok(s.status())).mapToLong(Sample::atMillis).max().orElse(killAt);
        long fiveXx = all.stream().filter(s -> s.status() >= 500).count();
        long beforeKill = all.stream().filter(s -> s.atMillis() < killAt).count();
        long failedBeforeKill = all.stream().filter(s -> s.atMillis() < killAt && !ok(s.status())).count();
        List<Sample> outage = all.stream().filter(s -> s.atMillis() >= killAt && s.atMillis() <= lastFailure).toList();
        // what the store kept
        int clientsKept = 0;
        int accessKept = 0;
        int refreshKept = 0;
        for (String[] b : before) {
            clientsKept += status(get(base + "/authorize?response_type=code&client_id=" + enc(b[0]) + "&redirect_uri="
                    + enc(REDIRECT) + "&code_challenge=" + Pkce.create().challenge() + "&code_challenge_method=S256")) == 200 ? 1 : 0;
            accessKept += verify(base, iss, b[1], "basic") == 200 ? 1 : 0;
            refreshKept += ok(status(refresh(base, b[0], b[2]))) ? 1 : 0;
        }
        int oldRegs = 0;
        int oldRegsKept = 0;
        int lastSecondRegs = 0;
        int lastSecondKept = 0;
        for (long[] reg : registered) {
            if (reg[0] >= killAt) {
                continue;
            }
            boolean kept = status(get(base + "/authorize?response_type=code&client_id=" + enc(registeredIds.get((int) reg[1]))
                    + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + Pkce.create().challenge()
                    + "&code_challenge_method=S256")) == 200;
            if (reg[0] < killAt - 1000) {
                oldRegs++;
                oldRegsKept += kept ? 1 : 0;
            } else {
                lastSecondRegs++;
                lastSecondKept += kept ? 1 : 0;
            }
        }
        int chainsAlive = 0;
        for (String[] c : chains) {
            chainsAlive += ok(status(refresh(base, c[0], c[1]))) ? 1 : 0;
        }
        boolean gatewayAlive = gw.isAlive();
        gw.destroy();
        gw.waitFor(15, TimeUnit.SECONDS);

        md.append("## 1. Redis SIGKILLed during a steady token + MCP load\n\n")
                .append("Gateway jar on Redis (`appendonly yes`, `appendfsync everysec`); 4 workers for 18 s: 2 refresh-token ")
                .append("rotation chains, MCP `tools/call` on one session, registration + `/verify`. Redis SIGKILLed at ")
                .append(killAt / 1000.0).append(" s, restarted on the same data directory 3 s later.\n\n")
                .append("| figure | value |\n|---|---|\n")
                .append("| load held: requests / failed before the kill | ").append(beforeKill).append(" / ").append(failedBeforeKill).append(" |\n")
                .append("| requests during the outage (kill → last failure) | ").append(outage.size()).append(": ")
                .append(statusSummary(outage)).append(" |\n")
                .append("| 5xx during the whole run | ").append(fiveXx).append(": ").append(all.stream().filter(s -> s.status() >= 500)
                        .collect(Collectors.groupingBy(s -> s.kind() + " " + s.status(), java.util.TreeMap::new, Collectors.counting()))
                        .toString().replaceAll("[{}]", "").replace("=", "×")).append(" |\n")
                .append("| recovery: last failure after the restart | ")
                .append(lastFailure <= restartAt ? "none after the restart" : (lastFailure - restartAt) + " ms").append(" |\n")
                .append("| outage seen by clients (kill → last failure) | ").append(lastFailure - killAt).append(" ms |\n")
                .append("| clients registered ≥ 10 s before: kept | ").append(clientsKept).append("/").append(before.size()).append(" |\n")
                .append("| their access tokens still accepted by /verify | ").append(accessKept).append("/").append(before.size()).append(" |\n")
                .append("| their refresh tokens still redeemable | ").append(refreshKept).append("/").append(before.size()).append(" |\n")
                .append("| clients registered under load > 1 s before the kill: kept | ").append(oldRegsKept).append("/").append(oldRegs).append(" |\n")
                .append("| clients registered in the last second before the kill: kept | ").append(lastSecondKept).append("/")
                .append(lastSecondRegs).append(" (AOF `everysec` may lose ≤ 1 s) |\n")
                .append("| refresh chains still usable after recovery | ").append(chainsAlive).append("/2 |\n")
                .append("| MCP session survived (requests after recovery ok) | ")
                .append(all.stream().filter(s -> s.kind().equals("mcp") && s.atMillis() > lastFailure).allMatch(s -> ok(s.status()))
                        ? "yes" : "no").append(" |\n")
                .append("| gateway process alive throughout | ").append(gatewayAlive ? "yes" : "NO").append(" |\n")
                .append("| all requests, by status | ").append(statusSummary(all)).append(" |\n\n");
    }

    // Phases of a scenario: how long the load runs before and after a fault is part of the scenario, not a wait for a
    // condition (every wait for a condition above uses Awaitility or settle()).
    static final long LOAD_BEFORE_FAULT = 5000;
    static final long REDIS_OUTAGE = 3000;
    static final long LOAD_AFTER_RECOVERY = 10_000;
    /** Redis runs with appendfsync everysec: what was acknowledged this long ago is on disk. */
    static final long PAST_ONE_AOF_FSYNC = 1500;
    /** Lets an asynchronous request reach the gateway before its process is killed. */
    static final long REQUEST_IN_FLIGHT = 500;
    /** A slowloris client sends one header line this often (the attack's own pace). */
    static final long SLOWLORIS_CADENCE = 1000;
    static final long PROBES_AFTER_ATTACK = 2000;

    /** Waits until {@code count} reaches 0 or {@code atMost} passes, and returns the count then (the figure reported). */
    static long settle(java.util.function.LongSupplier count, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> count.getAsLong() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // still alive at the bound: reported as found
        }
        return count.getAsLong();
    }

    /**
     * A phase of fixed length, part of the scenario itself (Redis stays down this long, load runs this long, a write
     * is older than one AOF fsync, the load generator's pacing); waits for a condition use {@link #settle} or Awaitility.
     */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ 2. gateway SIGKILL mid-flow

    void gatewayKilledMidFlow() throws Exception {
        int redisPort = freePort();
        int port = freePort();
        redis(redisPort, work.resolve("redis-2"));
        Path services = services("basic", "silent");
        Process gw = gateway("gateway-kill-1", port, redisPort, services, "384m");
        String base = base(port);
        String iss = issuer(base);
        String resource = iss + "/basic/mcp";
        String registeredOnly = register(base);
        String codeClient = register(base);
        Code heldCode = code(base, codeClient, resource);
        String refreshClient = register(base);
        String[] held = tokens(base, refreshClient, resource);
        String session = openSession(base, "basic", held[0]);
        String silentToken = tokens(base, register(base), iss + "/silent/mcp")[0];
        String silentSession = openSession(base, "silent", silentToken);
        long childrenBefore = fakeChildren();
        pause(PAST_ONE_AOF_FSYNC);
        // a request in flight when the gateway dies
        var inflight = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/silent/mcp")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + silentToken).header("Mcp-Session-Id", silentSession)
                .POST(HttpRequest.BodyPublishers.ofString(call(5, "hang"))).build(), HttpResponse.BodyHandlers.ofString());
        pause(REQUEST_IN_FLIGHT);
        long killedAt = System.nanoTime();
        gw.destroyForcibly().waitFor();
        String inflightSaw;
        try {
            inflightSaw = "HTTP " + inflight.get(20, TimeUnit.SECONDS).statusCode();
        } catch (java.util.concurrent.ExecutionException e) {
            inflightSaw = e.getCause().getClass().getSimpleName() + " after "
                    + (System.nanoTime() - killedAt) / 1_000_000 + " ms";
        }
        long orphansAfterKill = settle(this::fakeChildren, Duration.ofSeconds(3));
        long restartStart = System.nanoTime();
        Process gw2 = gateway("gateway-kill-2", port, redisPort, services, "384m");
        long restartMillis = (System.nanoTime() - restartStart) / 1_000_000;

        Map<String, String> rows = new LinkedHashMap<>();
        Code fresh = code(base, registeredOnly, resource);
        rows.put("a client registered before the kill: authorize + token", fresh == null ? "FAILED"
                : "HTTP " + status(exchange(base, fresh)));
        rows.put("a client holding an unexchanged code: token request", "HTTP " + status(exchange(base, heldCode)));
        rows.put("an access token issued before the kill: /verify", "HTTP " + verify(base, iss, held[0], "basic"));
        HttpResponse<String> refreshed = refresh(base, refreshClient, held[1]);
        rows.put("a refresh token issued before the kill: refresh grant", "HTTP " + status(refreshed));
        HttpResponse<String> oldSession = mcp(base, "basic", held[0], session, call(2, "echo"));
        rows.put("the MCP session of before the kill: next POST", "HTTP " + status(oldSession) + " "
                + (oldSession == null ? "" : oldSession.body().replaceAll("\\s+", " ")));
        String again = openSession(base, "basic", held[0]);
        HttpResponse<String> afterReinit = again == null ? null : mcp(base, "basic", held[0], again, call(3, "echo"));
        rows.put("re-initialize with the same access token, then tools/call", again == null ? "FAILED"
                : "new session, tools/call HTTP " + status(afterReinit));
        rows.put("the request in flight at the kill", inflightSaw);
        rows.put("fake children alive before the kill / 3 s after it", childrenBefore + " / " + orphansAfterKill);
        rows.put("restart to ready (jar, on the same Redis)", restartMillis + " ms");
        gw2.destroy();
        gw2.waitFor(15, TimeUnit.SECONDS);
        pause(PAST_ONE_AOF_FSYNC);
        rows.put("fake children alive after the restarted gateway stopped (SIGTERM)", String.valueOf(fakeChildren()));

        md.append("## 2. Gateway SIGKILLed mid-flow, restarted on the same Redis\n\n")
                .append("| flow in progress at the kill | what the client sees after the restart |\n|---|---|\n");
        rows.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|")).append(" |\n"));
        md.append('\n');
    }

    // ------------------------------------------------------------------ 3. child crash, hang, stderr flood

    void childFaults() throws Exception {
        int port = freePort();
        Path services = services("basic", "crashing", "silent", "stderr-flood", "ignores-sigterm");
        Process gw = gateway("gateway-children", port, 0, services, "384m");
        String base = base(port);
        String token = tokens(base, register(base), issuer(base) + "/basic/mcp")[0];
        String iss = issuer(base);
        Map<String, String> tokenOf = new LinkedHashMap<>();
        for (String s : List.of("crashing", "silent", "stderr-flood", "ignores-sigterm")) {
            tokenOf.put(s, tokens(base, register(base), iss + "/" + s + "/mcp")[0]);
        }
        // background load on a well-behaved child
        ConcurrentLinkedQueue<Sample> load = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean faulting = new AtomicBoolean(false);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        for (int w = 0; w < 2; w++) {
            String session = openSession(base, "basic", token);
            pool.submit(() -> {
                int id = 10;
                while (running.get()) {
                    long s = System.nanoTime();
                    int st = status(mcp(base, "basic", token, session, call(id++, "echo")));
                    load.add(new Sample(faulting.get() ? 1 : 0, "echo", st, (System.nanoTime() - s) / 1e6));
                    pause(10);
                }
            });
        }
        pause(LOAD_BEFORE_FAULT);
        faulting.set(true);
        List<Double> crashMillis = new ArrayList<>();
        String crashReply = "";
        String afterCrash = "";
        for (int i = 0; i < 5; i++) {
            String session = openSession(base, "crashing", tokenOf.get("crashing"));
            long s = System.nanoTime();
            HttpResponse<String> r = mcp(base, "crashing", tokenOf.get("crashing"), session, call(2, "boom"));
            crashMillis.add((System.nanoTime() - s) / 1e6);
            crashReply = "HTTP " + status(r) + " " + (r == null ? "" : r.body().replaceAll("\\s+", " "));
            HttpResponse<String> next = mcp(base, "crashing", tokenOf.get("crashing"), session, call(3, "echo"));
            afterCrash = "HTTP " + status(next);
        }
        List<Double> hangMillis = Collections.synchronizedList(new ArrayList<>());
        String[] hangReply = {""};
        String silentSession = openSession(base, "silent", tokenOf.get("silent"));
        List<Thread> hangs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = 20 + i;
            Thread hang = new Thread(() -> {
                long s = System.nanoTime();
                HttpResponse<String> r = mcp(base, "silent", tokenOf.get("silent"), silentSession, call(id, "hang"));
                hangMillis.add((System.nanoTime() - s) / 1e6);
                hangReply[0] = "HTTP " + status(r) + " " + (r == null ? "" : r.body().replaceAll("\\s+", " "));
            });
            hang.start();
            hangs.add(hang);
        }
        for (Thread t : hangs) {
            t.join(30_000);
        }
        int silentStillAnswers = status(mcp(base, "silent", tokenOf.get("silent"), silentSession, call(30, "echo")));
        long logBefore = Files.size(work.resolve("gateway-children.log"));
        String floodSession = openSession(base, "stderr-flood", tokenOf.get("stderr-flood"));
        List<Double> floodMillis = new ArrayList<>();
        int floodFailures = 0;
        long floodStart = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            long s = System.nanoTime();
            int st = status(mcp(base, "stderr-flood", tokenOf.get("stderr-flood"), floodSession, call(100 + i, "echo")));
            floodMillis.add((System.nanoTime() - s) / 1e6);
            floodFailures += ok(st) ? 0 : 1;
        }
        double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
        long logGrowth = Files.size(work.resolve("gateway-children.log")) - logBefore;
        // a child that ignores SIGTERM and has a grandchild: DELETE of its session must end the whole tree
        String stubborn = openSession(base, "ignores-sigterm", tokenOf.get("ignores-sigterm"));
        HttpResponse<String> pids = mcp(base, "ignores-sigterm", tokenOf.get("ignores-sigterm"), stubborn, call(2, "pids"));
        List<ProcessHandle> tree = new ArrayList<>();
        Matcher pm = Pattern.compile("\\[(\\d+),(\\d+)\\]").matcher(pids == null ? "" : pids.body().replace("\\", ""));
        if (pm.find()) {
            ProcessHandle.of(Long.parseLong(pm.group(1))).ifPresent(tree::add);
            ProcessHandle.of(Long.parseLong(pm.group(2))).ifPresent(tree::add);
        }
        long beforeDelete = tree.stream().filter(ProcessHandle::isAlive).count();
        send(HttpRequest.newBuilder(URI.create(base + "/ignores-sigterm/mcp")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokenOf.get("ignores-sigterm")).header("Mcp-Session-Id", stubborn)
                .DELETE());
        long afterDelete = settle(() -> tree.stream().filter(ProcessHandle::isAlive).count(), Duration.ofSeconds(3));
        running.set(false);
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        long childrenBeforeStop = fakeChildren();
        gw.destroy();
        gw.waitFor(20, TimeUnit.SECONDS);
        long orphans = settle(this::fakeChildren, Duration.ofSeconds(2));

        List<Double> calm = load.stream().filter(s -> s.atMillis() == 0).map(Sample::millis).toList();
        List<Double> faulty = load.stream().filter(s -> s.atMillis() == 1).map(Sample::millis).toList();
        long loadFailures = load.stream().filter(s -> !ok(s.status())).count();
        md.append("## 3. Child crash, hang and stderr flood during load\n\n")
                .append("Fake stdio servers as drop-in service files; `gateway.mcp.request-timeout=PT5S`, `kill-grace=PT1S`. ")
                .append("Two workers keep calling `echo` on a well-behaved child throughout.\n\n")
                .append("| figure | value |\n|---|---|\n")
                .append("| crash mid-call: time to the client's error, p50 / max of 5 | ").append(pct(crashMillis, 50)).append(" / ")
                .append(pct(crashMillis, 100)).append(" ms |\n")
                .append("| crash: the client's reply | `").append(crashReply.replace("|", "\\|")).append("` |\n")
                .append("| crash: next POST on that session | ").append(afterCrash).append(" |\n")
                .append("| hang (no reply ever): time to the client's error, 3 concurrent, max | ").append(pct(hangMillis, 100))
                .append(" ms (timeout 5000 ms) |\n")
                .append("| hang: the client's reply | `").append(hangReply[0].replace("|", "\\|")).append("` |\n")
                .append("| hang: the same session answers `echo` afterwards | HTTP ").append(silentStillAnswers).append(" |\n")
                .append("| stderr flood (~50 MB/s): 200 `echo` calls p50 / p99, failures | ").append(pct(floodMillis, 50)).append(" / ")
                .append(pct(floodMillis, 99)).append(" ms, ").append(floodFailures).append(" |\n")
                .append("| stderr flood: gateway log growth over ").append(String.format("%.1f", floodSeconds)).append(" s | ")
                .append(logGrowth / 1024).append(" KiB |\n")
                .append("| SIGTERM-immune child + its SIGTERM-immune grandchild: alive before / 3 s after DELETE of the session | ")
                .append(beforeDelete).append(" / ").append(afterDelete).append(" |\n")
                .append("| other clients during the faults: echo p50 / p99 before → during | ").append(pct(calm, 50)).append(" / ")
                .append(pct(calm, 99)).append(" → ").append(pct(faulty, 50)).append(" / ").append(pct(faulty, 99))
                .append(" ms |\n")
                .append("| other clients: failed calls | ").append(loadFailures).append(" of ").append(load.size()).append(" |\n")
                .append("| orphan processes after the gateway stopped (SIGTERM) | ").append(orphans).append(" (children before stop: ")
                .append(childrenBeforeStop).append(") |\n\n");
    }

    // ------------------------------------------------------------------ 4. slowloris and oversized bodies

    /** A raw socket that sends a request head, then part of a body, then nothing (or one header line per second). */
    static Socket stalled(int port, String method, String path, String headers, long contentLength, int sendBytes) {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers
                    + (contentLength >= 0 ? "Content-Length: " + contentLength + "\r\n\r\n" : ""))
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[sendBytes]);
            out.flush();
            return s;
        } catch (IOException e) {
            return null;
        }
    }

    static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(1);
            return s.getInputStream().read() == -1 || true;
        } catch (java.net.SocketTimeoutException e) {
            return false; // still open, nothing sent
        } catch (IOException e) {
            return true;
        }
    }

    /** Sends {@code total} bytes (Content-Length) as fast as possible; the status and when it came. */
    static String oversized(int port, String method, String path, String headers, long total) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n" + headers
                    + "Content-Length: " + total + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[65536];
            java.util.Arrays.fill(chunk, (byte) 'a');
            long sent = 0;
            try {
                while (sent < total) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, total - sent));
                    sent += chunk.length;
                }
                out.flush();
            } catch (IOException closed) {
                // the server stopped reading: fine, read its answer
            }
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            String line = new String(head, StandardCharsets.ISO_8859_1);
            return (line.startsWith("HTTP/1.1 ") ? line.substring(9, 12) : "closed") + " after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms (" + Math.min(sent, total) / 1024 + " KiB sent)";
        } catch (IOException e) {
            return "closed (" + e.getClass().getSimpleName() + ") after " + (System.nanoTime() - start) / 1_000_000 + " ms";
        }
    }

    void slowlorisAndOversizedBodies() throws Exception {
        int port = freePort();
        Process gw = gateway("gateway-slowloris", port, 0, services("basic"), "256m");
        String base = base(port);
        String iss = issuer(base);
        String token = tokens(base, register(base), iss + "/basic/mcp")[0];
        String session = openSession(base, "basic", token);
        ConcurrentLinkedQueue<Sample> probes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        int[] phase = {0};
        List<Long> rss = Collections.synchronizedList(new ArrayList<>());
        Thread probe = new Thread(() -> {
            int id = 10;
            while (running.get()) {
                long s = System.nanoTime();
                int st = status(get(base + "/.well-known/oauth-authorization-server"));
                probes.add(new Sample(phase[0], "metadata", st, (System.nanoTime() - s) / 1e6));
                s = System.nanoTime();
                st = status(mcp(base, "basic", token, session, call(id++, "echo")));
                probes.add(new Sample(phase[0], "mcp", st, (System.nanoTime() - s) / 1e6));
                rss.add(rssKiB(gw.pid()));
                pause(50);
            }
        });
        probe.start();
        pause(LOAD_BEFORE_FAULT);
        long rssBaseline = rss.stream().mapToLong(Long::longValue).max().orElse(-1);
        phase[0] = 1;
        // 200 slowloris heads (one header line per second), 50 + 20 + 20 + 10 stalled 10 MB uploads
        List<Socket> slow = new ArrayList<>();
        String[] paths = {"/register", "/token", "/basic/mcp", "/authorize", "/verify", "/.well-known/oauth-authorization-server"};
        for (int i = 0; i < 200; i++) {
            slow.add(stalled(port, "POST", paths[i % paths.length], "X-Slow: 1\r\n", -1, 0));
        }
        List<Socket> uploads = new ArrayList<>();
        Map<String, Integer> uploadPlan = new LinkedHashMap<>();
        uploadPlan.put("/register|Content-Type: application/json\r\n", 50);
        uploadPlan.put("/token|Content-Type: application/x-www-form-urlencoded\r\n", 20);
        uploadPlan.put("/basic/mcp|Content-Type: application/json\r\nAuthorization: Bearer " + token + "\r\n", 20);
        uploadPlan.put("/basic/mcp|Content-Type: application/json\r\n", 10);
        long uploadStart = System.currentTimeMillis();
        uploadPlan.forEach((k, n) -> {
            String[] parts = k.split("\\|", 2);
            for (int i = 0; i < n; i++) {
                uploads.add(stalled(port, "POST", parts[0], parts[1], 10L * 1024 * 1024, 64 * 1024));
            }
        });
        long slowOpened = slow.stream().filter(java.util.Objects::nonNull).count();
        long uploadsOpened = uploads.stream().filter(java.util.Objects::nonNull).count();
        // keep the slowloris heads trickling for 15 s
        long[] closedAt = new long[uploads.size()];
        for (int sec = 0; sec < 15; sec++) {
            for (Socket s : slow) {
                if (s != null && !s.isClosed()) {
                    try {
                        s.getOutputStream().write("X-More: 1\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException e) {
                        s.close();
                    }
                }
            }
            for (int i = 0; i < uploads.size(); i++) {
                Socket u = uploads.get(i);
                if (u != null && closedAt[i] == 0 && closedByServer(u)) {
                    closedAt[i] = System.currentTimeMillis() - uploadStart;
                }
            }
            pause(SLOWLORIS_CADENCE);
        }
        long slowClosed = slow.stream().filter(s -> s == null || s.isClosed() || closedByServer(s)).count();
        long uploadsClosed = java.util.Arrays.stream(closedAt).filter(t -> t > 0).count();
        long firstClose = java.util.Arrays.stream(closedAt).filter(t -> t > 0).min().orElse(-1);
        long lastClose = java.util.Arrays.stream(closedAt).filter(t -> t > 0).max().orElse(-1);
        String heapUnderAttack = heapUsed(gw.pid());
        long rssAttack = rss.stream().mapToLong(Long::longValue).max().orElse(-1);
        // oversized bodies sent in full, one endpoint after the other
        phase[0] = 2;
        Map<String, String> oversized = new LinkedHashMap<>();
        long tenMiB = 10L * 1024 * 1024;
        oversized.put("POST /register (JSON)", oversized(port, "POST", "/register", "Content-Type: application/json\r\n", tenMiB));
        oversized.put("POST /token (form)", oversized(port, "POST", "/token", "Content-Type: application/x-www-form-urlencoded\r\n", tenMiB));
        oversized.put("POST /revoke (form)", oversized(port, "POST", "/revoke", "Content-Type: application/x-www-form-urlencoded\r\n", tenMiB));
        oversized.put("POST /introspect (form)", oversized(port, "POST", "/introspect", "Content-Type: application/x-www-form-urlencoded\r\n", tenMiB));
        oversized.put("POST /consent (form)", oversized(port, "POST", "/consent", "Content-Type: application/x-www-form-urlencoded\r\n", tenMiB));
        oversized.put("POST /login (form)", oversized(port, "POST", "/login", "Content-Type: application/x-www-form-urlencoded\r\n", tenMiB));
        oversized.put("POST /basic/mcp without token", oversized(port, "POST", "/basic/mcp", "Content-Type: application/json\r\n", tenMiB));
        oversized.put("POST /basic/mcp with token", oversized(port, "POST", "/basic/mcp", "Content-Type: application/json\r\n"
                + "Accept: application/json, text/event-stream\r\nAuthorization: Bearer " + token + "\r\nMcp-Session-Id: " + session + "\r\n", tenMiB));
        oversized.put("GET /verify with a 10 MiB body", oversized(port, "GET", "/verify", "Authorization: Bearer " + token + "\r\n", tenMiB));
        oversized.put("POST /.well-known/oauth-authorization-server", oversized(port, "POST", "/.well-known/oauth-authorization-server", "", tenMiB));
        String heapAfter = heapUsed(gw.pid());
        long rssAfter = rss.stream().mapToLong(Long::longValue).max().orElse(-1);
        phase[0] = 3;
        pause(PROBES_AFTER_ATTACK);
        running.set(false);
        probe.join(30_000);
        for (Socket s : slow) {
            if (s != null) {
                s.close();
            }
        }
        for (Socket s : uploads) {
            if (s != null) {
                s.close();
            }
        }
        boolean alive = gw.isAlive();
        gw.destroy();
        gw.waitFor(15, TimeUnit.SECONDS);

        md.append("## 4. Slowloris and oversized bodies at every endpoint\n\n")
                .append("Gateway jar with `-Xmx256m`. A probe client calls the AS metadata and an MCP `echo` every 50 ms ")
                .append("throughout; RSS sampled with each probe.\n\n")
                .append("| figure | value |\n|---|---|\n")
                .append("| attack: slowloris heads (one header line/s, 15 s) opened / closed by the server | ").append(slowOpened)
                .append(" / ").append(slowClosed).append(" |\n")
                .append("| attack: stalled 10 MiB uploads (64 KiB sent) to /register ×50, /token ×20, MCP with token ×20, ")
                .append("MCP without ×10: opened / closed by the server within 15 s | ").append(uploadsOpened).append(" / ")
                .append(uploadsClosed).append(firstClose < 0 ? "" : " (first after " + firstClose + " ms, last after " + lastClose + " ms)")
                .append(" |\n");
        for (int p = 0; p <= 3; p++) {
            int ph = p;
            List<Double> meta = probes.stream().filter(s -> s.atMillis() == ph && s.kind().equals("metadata")).map(Sample::millis).toList();
            List<Double> rpc = probes.stream().filter(s -> s.atMillis() == ph && s.kind().equals("mcp")).map(Sample::millis).toList();
            long failed = probes.stream().filter(s -> s.atMillis() == ph && !ok(s.status())).count();
            md.append("| other clients, ").append(new String[] {"baseline", "during slowloris + stalled uploads",
                            "during oversized bodies", "after"}[p])
                    .append(": metadata p50/p99/max, MCP echo p50/p99/max, failures | ")
                    .append(pct(meta, 50)).append("/").append(pct(meta, 99)).append("/").append(pct(meta, 100)).append(" ms, ")
                    .append(pct(rpc, 50)).append("/").append(pct(rpc, 99)).append("/").append(pct(rpc, 100)).append(" ms, ")
                    .append(failed).append(" |\n");
        }
        md.append("| gateway RSS max: baseline → under attack → after oversized bodies | ").append(rssBaseline / 1024).append(" → ")
                .append(rssAttack / 1024).append(" → ").append(rssAfter / 1024).append(" MiB |\n")
                .append("| heap under attack / after oversized bodies (jcmd GC.heap_info) | ").append(heapUnderAttack).append(" / ")
                .append(heapAfter).append(" |\n")
                .append("| gateway alive at the end | ").append(alive ? "yes" : "NO").append(" |\n\n")
                .append("| oversized body (10 MiB, Content-Length, sent in full) | reply |\n|---|---|\n");
        oversized.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append('\n');
    }
}
