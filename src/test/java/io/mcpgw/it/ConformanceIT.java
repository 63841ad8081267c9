package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.NodeClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance} 0.2.0-alpha.12, run with Node 22)
 * against the packaged gateway ({@code java -jar target/mcp-oauth-gateway.jar}) and its bundled {@code everything}
 * service, with a real access token from the local development login: once with the requirements of the session-based
 * revision 2025-11-25 and once with those of the stateless revision 2026-07-28, on the same service URL.
 *
 * <p>The suite's CLI cannot send a bearer token, so it talks to a tiny forwarding proxy
 * ({@code src/test/node/bearer-proxy.mjs}) that adds the {@code Authorization} header and otherwise passes requests
 * and responses through. Each run uses the CLI's own baseline ({@code --expected-failures}, files in
 * {@code src/test/resources/conformance/}, every entry with its reason, mirrored in docs/COMPATIBILITY.md): the run
 * fails on any failure not listed there and on any listed failure that now passes.
 */
class ConformanceIT {
    static final String PACKAGE = "@modelcontextprotocol/conformance";
    static final Path JAR = Path.of("target", "mcp-oauth-gateway.jar").toAbsolutePath();
    static final Path BASELINES = Path.of("src/test/resources/conformance").toAbsolutePath();
    static final Path RESULTS = Path.of("target/conformance").toAbsolutePath();

    @TempDir
    static Path workDir;
    static Process gateway;
    static Process proxy;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        NodeClient.requireInstalled(PACKAGE, "@modelcontextprotocol/server-everything");
        NodeClient.node22();
        Files.createSymbolicLink(workDir.resolve("node_modules"), Path.of("node_modules").toRealPath());
        int port = InProcessGateway.freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("gateway.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_") || k.startsWith("GITHUB_")
                || k.startsWith("REDIS_") || k.startsWith("JWT_") || k.startsWith("MCP_") || k.equals("BASE_DOMAIN"));
        // the suite opens a session per scenario: room for all of them at once, short idle expiry
        pb.environment().put("GATEWAY_PORT", Integer.toString(port));
        pb.environment().put("MCP_MAX_SESSIONS", "60");
        pb.environment().put("MCP_MAX_SESSIONS_PER_USER", "60");
        pb.environment().put("SESSION_TIMEOUT", "30");
        gateway = pb.start();
        String base = "http://localhost:" + port;
        awaitReady(base);
        String resource = base + "/everything/mcp";
        String token = new DevLoginClient(base).login("conformance", resource, null).accessToken();

        ProcessBuilder p = new ProcessBuilder(NodeClient.systemNode(), "src/test/node/bearer-proxy.mjs", base)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        p.environment().put("MCPGW_BEARER", token);
        proxy = p.start();
        String first = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(first).as("the bearer proxy did not start").isNotNull();
        url = "http://127.0.0.1:" + Json.parseUntrusted(first).get("port").asInt() + "/everything/mcp";
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process process : new Process[] {proxy, gateway}) {
            if (process != null && process.isAlive()) {
                process.destroy();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void sessionBasedRevision20251125() throws Exception {
        Run run = conformance("2025-11-25");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.passed()).as(run.describe()).contains("server-initialize", "server-session-lifecycle",
                "tools-call-simple-text", "dns-rebinding-protection");
    }

    @Test
    void statelessRevision20260728() throws Exception {
        Run run = conformance("2026-07-28");
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.passed()).as(run.describe()).contains("http-header-validation", "caching", "tools-list",
                "tools-call-simple-text", "dns-rebinding-protection");
        // server-stateless: only the two checks that need the suite's own fixture tool (test_missing_capability) fail
        assertThat(run.failedChecks().stream().filter(c -> c.startsWith("server-stateless:")))
                .as(run.describe()).containsOnly("server-stateless:sep-2575-server-rejects-undeclared-capability",
                        "server-stateless:sep-2575-missing-capability-http-400");
    }

    /** The outcome of one CLI run: its exit code, output, and the checks of its result files. */
    record Run(int exitCode, String output, TreeSet<String> passed, TreeSet<String> failedChecks) {
        String describe() {
            return "conformance output:\n" + output;
        }
    }

    static Run conformance(String revision) throws Exception {
        Path out = RESULTS.resolve(revision);
        if (Files.exists(out)) {
            try (Stream<Path> walk = Files.walk(out)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(out);
        Path log = RESULTS.resolve(revision + ".log");
        Process cli = new ProcessBuilder(NodeClient.node22(),
                Path.of("node_modules", PACKAGE, "dist/index.js").toString(), "server", "--url", url,
                "--requirements", revision,
                "--expected-failures", BASELINES.resolve("expected-failures-" + revision + ".yml").toString(),
                "-o", out.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!cli.waitFor(5, TimeUnit.MINUTES)) {
            cli.destroyForcibly();
            throw new AssertionError("the conformance run did not end within 5 minutes; see " + log);
        }
        TreeSet<String> passed = new TreeSet<>();
        TreeSet<String> failed = new TreeSet<>();
        TreeSet<String> scenarios = new TreeSet<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path checks : files.filter(f -> f.getFileName().toString().equals("checks.json")).toList()) {
                String scenario = checks.getParent().getFileName().toString().replaceFirst("^server-", "")
                        .replaceFirst("-\\d{4}-\\d{2}-\\d{2}T.*$", "");
                scenarios.add(scenario);
                boolean allPassed = true;
                for (JsonNode check : Json.parseUntrusted(Files.readString(checks))) {
                    String status = check.path("status").asText();
                    if (status.equals("FAILURE") || status.equals("WARNING")) {
                        failed.add(scenario + ":" + check.path("id").asText());
                        allPassed = false;
                    }
                }
                if (allPassed) {
                    passed.add(scenario);
                }
            }
        }
        assertThat(scenarios).as("scenarios run for " + revision).hasSizeGreaterThan(20);
        return new Run(cli.exitValue(), Files.readString(log), passed, failed);
    }

    static void awaitReady(String base) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(gateway.isAlive()).as("the gateway exited:\n%s", Files.readString(workDir.resolve("gateway.log")))
                    .isTrue();
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/oauth-authorization-server"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
