package io.mcpgw.mcp;

import io.mcpgw.testsupport.GatewayWithServices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.management.ObjectName;

/**
 * Not a test: {@code java -cp … io.mcpgw.mcp.SessionScaleBenchmark [sessions] [out dir]}. Opens {@code sessions}
 * (default 1000) MCP sessions (initialize + notifications/initialized, then idle) on {@code bench/light-mcp.sh}
 * through the in-process gateway and reports: gateway heap used after a full GC per session (minus the baseline
 * before the sessions), JVM threads, JVM resident memory per session, the latency of one more {@code initialize}
 * (client POST to response) at that load next to the light server's own spawn + initialize measured bare with
 * {@link ProcessBuilder} (the difference is the gateway's share), and the classes that grew (a class histogram
 * before and after, per session). Writes {@code sessions.json} (figures for the benchmark report), {@code session-scale.md}
 * and {@code session-histogram.txt} into the out dir.
 */
public final class SessionScaleBenchmark {
    private static final int SAMPLES = 21;
    private static final String USER = "bench";

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path out = Path.of(args.length > 1 ? args[1] : "target/bench");
        Files.createDirectories(out);
        String cap = String.valueOf(sessions + 10);
        StringBuilder md = new StringBuilder();
        try (GatewayWithServices gateway = GatewayWithServices.builder()
                .service("light", LightMcpServerTest.serviceFile())
                .env("MCP_MAX_SESSIONS", cap).env("MCP_MAX_SESSIONS_PER_USER", cap).env("SESSION_TIMEOUT", "3600")
                .property("gateway.mcp.kill-grace", "PT0.5S").testTokens().start()) {
            McpTestClient client = new McpTestClient(gateway.gateway());
            for (int i = 0; i < 20; i++) { // warm-up: the JIT and the HTTP client's connections
                client.send("DELETE", "light", USER, client.open("light", USER), Map.of());
            }
            long[] idleInit = initializeLatencies(client, SAMPLES, null);
            long heap0 = usedHeapAfterGc();
            long rss0 = rssKiB();
            int threads0 = threads();
            long fds0 = openFiles();
            Map<String, long[]> histo0 = histogram();
            Map<String, Long> native0 = nativeCommittedKiB();

            long t0 = System.nanoTime();
            List<String> ids = openConcurrently(client, sessions);
            double openSeconds = (System.nanoTime() - t0) / 1e9;

            long heap1 = usedHeapAfterGc();
            long rss1 = rssKiB();
            int threads1 = threads();
            long fds1 = openFiles();
            Map<String, long[]> histo1 = histogram();
            Map<String, Long> native1 = nativeCommittedKiB();
            long[] bare = new long[SAMPLES];
            long[] loaded = initializeLatencies(client, SAMPLES, bare);

            double heapPerSession = (heap1 - heap0) / 1024.0 / sessions;
            double rssPerSession = (rss1 - rss0) / (double) sessions;
            double threadsPerSession = (threads1 - threads0) / (double) sessions;
            md.append("```\n");
            line(md, "sessions opened: %d in %.1f s (initialize + notifications/initialized, 16 clients in parallel), "
                    + "then idle", sessions, openSeconds);
            line(md, "gateway heap per idle session: %.1f KiB (used after full GC: %.1f MiB before, %.1f MiB at %d sessions)",
                    heapPerSession, heap0 / 1048576.0, heap1 / 1048576.0, sessions);
            line(md, "JVM resident memory per idle session: %.1f KiB (%.0f MiB before, %.0f MiB at %d sessions)",
                    rssPerSession, rss0 / 1024.0, rss1 / 1024.0, sessions);
            line(md, "JVM threads: %d before, %d at %d sessions (%.2f per session)", threads0, threads1, sessions,
                    threadsPerSession);
            line(md, "gateway file descriptors: %d before, %d at %d sessions (%.2f per session)", fds0, fds1, sessions,
                    (fds1 - fds0) / (double) sessions);
            line(md, "initialize, client POST to response, %d samples: p50 %.1f ms, p90 %.1f ms with no other session; "
                    + "p50 %.1f ms, p90 %.1f ms as session %d", SAMPLES, pct(idleInit, 50), pct(idleInit, 90),
                    pct(loaded, 50), pct(loaded, 90), sessions + 1);
            line(md, "bare spawn + initialize of the same program (ProcessBuilder), interleaved: p50 %.1f ms, p90 %.1f ms",
                    pct(bare, 50), pct(bare, 90));
            line(md, "gateway's share of initialize as session %d (p50 gateway − p50 bare): %.1f ms", sessions + 1,
                    pct(loaded, 50) - pct(bare, 50));
            if (!native1.isEmpty()) {
                StringBuilder parts = new StringBuilder();
                for (String area : List.of("Java Heap", "Thread", "Internal", "Other", "Class", "Native Memory Tracking")) {
                    if (native1.containsKey(area)) {
                        parts.append(parts.length() == 0 ? "" : ", ").append(area).append(String.format(Locale.ROOT,
                                " %.1f", (native1.get(area) - native0.getOrDefault(area, 0L)) / (double) sessions));
                    }
                }
                line(md, "JVM committed memory per session by area (KiB, native memory tracking): %s", parts);
            }
            md.append("```\n\nWhat grew per session (class histogram after full GC, at ").append(sessions)
                    .append(" sessions minus before; top 15 by bytes):\n\n| class | instances per session | bytes per session |\n|---|---|---|\n");
            List<Map.Entry<String, long[]>> grown = new ArrayList<>();
            for (Map.Entry<String, long[]> e : histo1.entrySet()) {
                long[] before = histo0.getOrDefault(e.getKey(), new long[2]);
                grown.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - before[0], e.getValue()[1] - before[1]}));
            }
            grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
            StringBuilder txt = new StringBuilder("class\tinstances per session\tbytes per session\n");
            for (int i = 0; i < grown.size(); i++) {
                Map.Entry<String, long[]> e = grown.get(i);
                double n = e.getValue()[0] / (double) sessions;
                double b = e.getValue()[1] / (double) sessions;
                if (i < 15) {
                    md.append(String.format(Locale.ROOT, "| `%s` | %.2f | %,.0f |%n", e.getKey(), n, b));
                }
                if (Math.abs(b) >= 1) {
                    txt.append(String.format(Locale.ROOT, "%s\t%.2f\t%.1f%n", e.getKey(), n, b));
                }
            }
            Files.writeString(out.resolve("session-histogram.txt"), txt);
            Files.writeString(out.resolve("session-scale.md"), md);
            Files.writeString(out.resolve("sessions.json"), String.format(Locale.ROOT,
                    "{\"sessions\":%d,\"heap_per_session_kib\":%.2f,\"rss_per_session_kib\":%.2f,\"threads_before\":%d,"
                            + "\"threads\":%d,\"init_p50_ms\":%.2f,\"init_p90_ms\":%.2f,\"bare_p50_ms\":%.2f,"
                            + "\"bare_p90_ms\":%.2f,\"idle_init_p50_ms\":%.2f,\"open_seconds\":%.2f,\"fds_per_session\":%.2f}%n",
                    sessions, heapPerSession, rssPerSession, threads0, threads1, pct(loaded, 50), pct(loaded, 90),
                    pct(bare, 50), pct(bare, 90), pct(idleInit, 50), openSeconds, (fds1 - fds0) / (double) sessions));
            System.out.print(md);
            closeConcurrently(client, ids);
        }
        System.exit(0);
    }

    private static List<String> openConcurrently(McpTestClient client, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> client.open("light", USER)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    private static void closeConcurrently(McpTestClient client, List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        for (String id : ids) {
            futures.add(pool.submit(() -> client.send("DELETE", "light", USER, id, Map.of())));
        }
        for (Future<HttpResponse<String>> f : futures) {
            f.get();
        }
        pool.shutdown();
    }

    /**
     * One more session's initialize POST (then the session is deleted), {@code samples} times; when {@code bare} is
     * given, each sample is preceded by a bare spawn + initialize of the light server, recorded there.
     */
    private static long[] initializeLatencies(McpTestClient client, int samples, long[] bare) throws Exception {
        long[] lat = new long[samples];
        for (int i = 0; i < samples; i++) {
            if (bare != null) {
                bare[i] = bareSpawnAndInitialize();
            }
            long s = System.nanoTime();
            HttpResponse<String> r = client.post("light", USER, null, McpTestClient.initialize("2025-06-18"));
            lat[i] = System.nanoTime() - s;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("initialize: " + r.statusCode() + " " + r.body());
            }
            client.send("DELETE", "light", USER, r.headers().firstValue("Mcp-Session-Id").orElseThrow(), Map.of());
        }
        return lat;
    }

    private static long bareSpawnAndInitialize() throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(LightMcpServerTest.SCRIPT.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        OutputStream in = p.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        in.write((McpTestClient.initialize("2025-06-18") + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String line = out.readLine();
        long took = System.nanoTime() - t0;
        if (line == null || !line.contains("\"result\"")) {
            throw new IllegalStateException("light server did not initialize: " + line);
        }
        in.close();
        p.waitFor();
        return took;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKiB() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static long openFiles() throws Exception {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Class name → {instances, bytes} of the live heap (the JVM's own class histogram, which runs a full GC). */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> m = new HashMap<>();
        for (String l : text.split("\n")) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return m;
    }

    /** Committed KiB per area of the JVM's native memory tracking; empty when it is off. */
    private static Map<String, Long> nativeCommittedKiB() {
        Map<String, Long> m = new HashMap<>();
        try {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            java.util.regex.Matcher x = java.util.regex.Pattern
                    .compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(text);
            while (x.find()) {
                m.put(x.group(1).trim(), Long.parseLong(x.group(2)));
            }
        } catch (Exception e) {
            // native memory tracking is off
        }
        return m;
    }

    private static double pct(long[] ns, int p) {
        long[] s = ns.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)] / 1e6;
    }

    private static void line(StringBuilder md, String format, Object... args) {
        md.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
