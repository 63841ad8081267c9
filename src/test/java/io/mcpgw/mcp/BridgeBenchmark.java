package io.mcpgw.mcp;

import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Not a test: {@code java -cp … io.mcpgw.mcp.BridgeBenchmark [calls] [sessions]}. Prints the median and p90 of a
 * sequential {@code tools/call echo} on server-everything straight over stdio and through the gateway (HTTP,
 * authentication on via the test guard, one connection), the gateway heap per idle session and the initialize
 * latency of both paths.
 */
public final class BridgeBenchmark {
    private static final String ECHO = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hello\"}}}";

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        NodeModules.requireInstalled();
        bareStdio(calls);
        try (InProcessGateway gw = InProcessGateway.start(Map.of("MCP_MAX_SESSIONS_PER_USER", "500", "MCP_MAX_SESSIONS", "500"),
                Map.of("accessGuard", new TestAccessGuard()), Map.of())) {
            McpTestClient client = new McpTestClient(gw);
            long t0 = System.nanoTime();
            String session = client.open("everything", "bench");
            System.out.printf("gateway initialize + initialized: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            long[] lat = new long[calls];
            for (int i = -calls / 2; i < calls; i++) {
                long s = System.nanoTime();
                HttpResponse<String> r = client.post("everything", "bench", session, String.format(ECHO, i));
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(r.body());
                }
                if (i >= 0) {
                    lat[i] = System.nanoTime() - s;
                }
            }
            report("gateway HTTP tools/call (1 connection)", lat);
            long[] floor = new long[calls];
            for (int i = -calls / 2; i < calls; i++) {
                long s = System.nanoTime();
                client.send("OPTIONS", "everything", null, null, Map.of());
                if (i >= 0) {
                    floor[i] = System.nanoTime() - s;
                }
            }
            report("HTTP floor of this client (OPTIONS answered on the event loop)", floor);
            heapPerSession(client, sessions);
        }
    }

    private static void bareStdio(int calls) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("node", "node_modules/@modelcontextprotocol/server-everything/dist/index.js", "stdio")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        OutputStream in = p.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        in.write((McpTestClient.initialize("2025-06-18").replace("\"id\":0", "\"id\":-1") + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        while (!out.readLine().contains("\"id\":-1")) {
            // skip notifications sent before the result
        }
        System.out.printf("bare stdio spawn + initialize: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
        long[] lat = new long[calls];
        for (int i = -calls / 2; i < calls; i++) {
            long s = System.nanoTime();
            in.write((String.format(ECHO, i) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            String line;
            do {
                line = out.readLine();
            } while (!isResponse(line, i));
            if (i >= 0) {
                lat[i] = System.nanoTime() - s;
            }
        }
        report("bare stdio tools/call (sequential)", lat);
        p.destroyForcibly();
    }

    private static boolean isResponse(String line, int id) {
        return line.contains("\"id\":" + id + ",") || line.endsWith("\"id\":" + id + "}");
    }

    private static void heapPerSession(McpTestClient client, int n) throws Exception {
        long before = usedHeapAfterGc();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(client.open("everything", "bench"));
        }
        long after = usedHeapAfterGc();
        System.out.printf("gateway heap per idle session: %.1f KiB (%d sessions, %d threads in the JVM)%n",
                (after - before) / 1024.0 / n, n, Thread.activeCount());
        for (String id : ids) {
            client.send("DELETE", "everything", "bench", id, Map.of());
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void report(String what, long[] lat) {
        long[] s = lat.clone();
        Arrays.sort(s);
        System.out.printf("%s: n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms%n", what, s.length, s[s.length / 2] / 1e6,
                s[s.length * 9 / 10] / 1e6, s[s.length * 99 / 100] / 1e6);
    }
}
