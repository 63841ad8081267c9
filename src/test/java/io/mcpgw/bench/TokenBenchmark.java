package io.mcpgw.bench;

import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.Pkce;
import io.mcpgw.testsupport.RedisServerProcess;
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
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness for the token endpoint (not a test): against a running gateway (4th argument: its base URL; it
 * must use the development login and have the {@code everything} service), or else a real Redis and a gateway
 * started in this JVM, it measures for a fixed time each
 * <ul>
 *   <li>the full code flow: authorize → consent → login → callback → token (authorization_code grant);</li>
 *   <li>the refresh grant with rotation (each worker keeps its own refresh token chain).</li>
 * </ul>
 * Usage: {@code java -cp <test classpath> io.mcpgw.bench.TokenBenchmark [seconds] [concurrency] [report.md] [base URL]
 * [code-flow]}; {@code code-flow} leaves the refresh grant out ({@code bench/run.sh} drives it with wrk, a lighter
 * load generator than this JVM's HTTP client).
 * Without a base URL, {@code JWT_SIGNING_ALG} in the environment chooses the in-JVM gateway's signing algorithm.
 */
public final class TokenBenchmark {
    static final String REDIRECT = "http://127.0.0.1:45999/cb";
    static final Pattern FIELD = Pattern.compile("name=\"(request|csrf_token)\" value=\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path report = Path.of(args.length > 2 ? args[2] : "target/bench/token.md");
        if (args.length > 3) { // a running gateway (bench/run.sh: the packaged jar on Redis, its own process)
            measure(args[3], seconds, concurrency, report, !(args.length > 4 && args[4].equals("code-flow")));
            return;
        }
        try (RedisServerProcess redis = RedisServerProcess.create().everySecondFsync().start();
             InProcessGateway gw = InProcessGateway.start(env(redis.url()))) {
            measure("http://127.0.0.1:" + gw.port(), seconds, concurrency, report, true);
        }
    }

    /** The in-JVM gateway's variables; {@code JWT_SIGNING_ALG} from this process's environment, when set. */
    private static java.util.Map<String, String> env(String redisUrl) {
        java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of("REDIS_URL", redisUrl,
                "REGISTER_RATE_LIMIT", "0"));
        String alg = System.getenv("JWT_SIGNING_ALG");
        if (alg != null && !alg.isEmpty()) {
            env.put("JWT_SIGNING_ALG", alg);
        }
        return env;
    }

    static void measure(String base, int seconds, int concurrency, Path report, boolean refresh) throws Exception {
        String clientId = register(base);
        List<LoadStats> results = new ArrayList<>();
        run("warm-up", 3, concurrency, () -> () -> codeFlow(base, clientId));
        results.add(run("authorization_code (full flow: authorize, consent, login, token)", seconds, concurrency,
                () -> () -> codeFlow(base, clientId)));
        if (refresh) {
            results.add(run("refresh_token (rotation)", seconds, concurrency, () -> {
                String[] chain = {unchecked(() -> codeFlow(base, clientId))};
                return () -> chain[0] = refresh(base, clientId, chain[0]);
            }));
        }
        StringBuilder md = new StringBuilder("| grant | concurrency | grants/s | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
        results.forEach(r -> md.append(r.markdownRow()).append('\n'));
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, md.toString());
        System.out.print(md);
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    static String register(String base) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/register"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\",\"client_name\":\"bench\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"client_id\":\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("registration failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    /** One full flow; returns the refresh token. */
    static String codeFlow(String base, String clientId) throws Exception {
        Pkce pkce = Pkce.create();
        BrowserSession browser = new BrowserSession();
        HttpResponse<String> consent = browser.get(URI.create(base + "/authorize?response_type=code&client_id="
                + enc(clientId) + "&redirect_uri=" + enc(REDIRECT) + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256&state=b"));
        Matcher m = FIELD.matcher(consent.body());
        String request = null;
        String csrf = null;
        while (m.find()) {
            if (m.group(1).equals("request")) {
                request = m.group(2);
            } else {
                csrf = m.group(2);
            }
        }
        HttpResponse<String> toLogin = browser.postForm(URI.create(base + "/consent"),
                "request=" + enc(request) + "&csrf_token=" + enc(csrf) + "&decision=approve");
        String state = BrowserSession.query(toLogin.headers().firstValue("Location").orElseThrow()).get("state");
        HttpResponse<String> done = browser.postForm(URI.create(base + "/login"), "state=" + enc(state) + "&username=bench");
        String code = BrowserSession.query(done.headers().firstValue("Location").orElseThrow()).get("code");
        return token(base, "grant_type=authorization_code&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT)
                + "&client_id=" + enc(clientId) + "&code_verifier=" + pkce.verifier());
    }

    static String refresh(String base, String clientId, String refreshToken) throws Exception {
        return token(base, "grant_type=refresh_token&refresh_token=" + enc(refreshToken) + "&client_id=" + enc(clientId));
    }

    static String token(String base, String form) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"refresh_token\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("token failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    interface Op {
        Object call() throws Exception;
    }

    /** Runs {@code concurrency} workers for {@code seconds}; each worker gets its own operation from the factory. */
    static LoadStats run(String name, int seconds, int concurrency, Supplier<Op> factory) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicLong ops = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        List<Op> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(factory.get());
        }
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> futures = new ArrayList<>();
        for (Op op : workers) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        op.call();
                        ops.incrementAndGet();
                        latencies.add((System.nanoTime() - t0) / 1000);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            System.err.println(name + ": " + failures.get() + " failed operations");
        }
        return new LoadStats(name, concurrency, ops.get(), elapsed,
                latencies.stream().mapToLong(Long::longValue).toArray());
    }

    static String unchecked(Op op) {
        try {
            return (String) op.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
