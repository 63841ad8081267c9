package io.mcpgw.mcp.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.session.McpBackend;
import io.mcpgw.mcp.session.McpMeters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stdio MCP server child: started from a {@link LaunchSpec} with {@link ProcessBuilder} (never a shell),
 * newline-delimited JSON-RPC on stdin/stdout (MCP 2025-11-25 transports §1), stderr always drained
 * ({@link StderrDrain}), stdout read on its own thread and handed to the {@link Listener} one message at a time.
 * Lines that are not JSON objects are logged and skipped; a line longer than the limit is never buffered: its first
 * and last bytes go to {@link McpBackend.Listener#onMessageTooLarge} (the session answers the request it belonged to). {@link #close} ends the child
 * and its descendants: stdin closed, grace period, SIGTERM, grace period, SIGKILL.
 *
 * <p>Memory rule: an idle child costs the gateway a few KiB of heap of its own, so thousands of idle sessions fit.
 * The JDK already buffers each pipe (8 KiB), so the reader copies out of that buffer in {@value #READ_CHUNK}-byte
 * chunks instead of keeping a large array of its own; the line buffer starts at {@value #INITIAL_LINE_BYTES} bytes,
 * grows with a message and is dropped after one larger than {@value #RETAINED_LINE_BYTES} bytes.
 */
public final class StdioProcess implements McpBackend {
    private static final Logger LOG = LoggerFactory.getLogger(StdioProcess.class);

    /**
     * Receives what the child writes, on the child's reader thread, in order; {@link #onExit} is called once when
     * stdout ends (the child exited or closed it).
     */
    public interface Listener extends McpBackend.Listener {
    }

    /** Bytes kept of each end of a line that is too long (to find the id of the response it was). */
    private static final int KEPT_BYTES = 256;
    /** Bytes copied per read out of the JDK's own pipe buffer. */
    static final int READ_CHUNK = 1024;
    /** The line buffer of a child that has only exchanged small messages (initialize, tools/list, a short result). */
    static final int INITIAL_LINE_BYTES = 1024;
    /** A line buffer grown beyond this by a large message is replaced by a small one afterwards. */
    static final int RETAINED_LINE_BYTES = 16 * 1024;
    /**
     * Stack of a stderr drain thread (it reads and logs, nothing deep); the stdout reader keeps the JVM's default,
     * since handing a message on may serialize JSON nested up to the parser's depth limit.
     */
    static final long STDERR_STACK_BYTES = 256 * 1024;

    private final Process process;
    private final String service;
    private final OutputStream stdin;
    private final AtomicBoolean closing = new AtomicBoolean();
    private McpMeters meters = McpMeters.NONE;
    private final CompletableFuture<Void> reaped = new CompletableFuture<>();

    private StderrDrain stderr;
    private Thread stderrThread;

    private StdioProcess(Process process, String service) {
        this.process = process;
        this.service = service;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts the child and its two reader threads.
     *
     * @throws IOException when the program cannot be started (missing, not executable)
     */
    public static StdioProcess start(LaunchSpec spec, String service, StdioLimits limits, McpBackend.Listener listener)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(spec.argv());
        pb.environment().clear();
        pb.environment().putAll(spec.env());
        pb.directory(spec.workingDir().toFile());
        Process p = pb.start();
        StdioProcess child = new StdioProcess(p, service);
        child.meters = limits.meters();
        child.meters.childStarted(service);
        child.stderr = new StderrDrain(p.getErrorStream(), service, p.pid(), limits.stderrLinesPerSecond());
        Thread err = new Thread(null, child.stderr, "mcp-stderr-" + service + "-" + p.pid(), STDERR_STACK_BYTES);
        child.stderrThread = err;
        err.setDaemon(true);
        err.start();
        Thread out = new Thread(() -> child.readStdout(limits.maxMessageBytes(), listener),
                "mcp-stdout-" + service + "-" + p.pid());
        out.setDaemon(true);
        out.start();
        LOG.debug("event=child_started service={} pid={}", service, p.pid());
        return child;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The whole process tree, for tests and diagnostics. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Writes one message as a single line. Thread-safe; throws when the child's stdin is closed. */
    @Override
    public void send(JsonNode message) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(message);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        synchronized (stdin) {
            stdin.write(line);
            stdin.flush();
        }
    }

    /**
     * Ends the child (idempotent) on {@code executor}; the future completes when the child and its descendants are
     * gone.
     */
    @Override
    public CompletableFuture<Void> close(Duration grace, Executor executor) {
        if (closing.compareAndSet(false, true)) {
            executor.execute(() -> {
                try {
                    synchronized (stdin) {
                        stdin.close();
                    }
                } catch (IOException e) {
                    // already closed by the child's exit
                }
                try {
                    ProcessTree.terminate(process, grace);
                } finally {
                    LOG.debug("event=child_reaped service={} pid={} alive={}", service, process.pid(), process.isAlive());
                    reaped.complete(null);
                }
            });
        }
        return reaped;
    }

    private void readStdout(int maxMessageBytes, McpBackend.Listener listener) {
        InputStream in = process.getInputStream();
        byte[] buf = new byte[READ_CHUNK];
        byte[] line = new byte[INITIAL_LINE_BYTES];
        int len = 0;
        OverlongLine overlong = null;
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != '\n') {
                        continue;
                    }
                    int chunk = i - start;
                    if (overlong == null && len + chunk <= maxMessageBytes) {
                        line = ensure(line, len + chunk);
                        System.arraycopy(buf, start, line, len, chunk);
                        len += chunk;
                        deliver(line, len, listener);
                    } else {
                        if (overlong == null) {
                            overlong = new OverlongLine(line, len);
                        }
                        overlong.append(buf, start, chunk);
                        listener.onMessageTooLarge(overlong.head(), overlong.tail(), maxMessageBytes);
                    }
                    len = 0;
                    overlong = null;
                    if (line.length > RETAINED_LINE_BYTES) {
                        line = new byte[INITIAL_LINE_BYTES]; // a large message's buffer is not kept for the child's lifetime
                    }
                    start = i + 1;
                }
                int rest = n - start;
                if (overlong == null && len + rest <= maxMessageBytes) {
                    line = ensure(line, len + rest);
                    System.arraycopy(buf, start, line, len, rest);
                    len += rest;
                } else {
                    if (overlong == null) {
                        overlong = new OverlongLine(line, len);
                    }
                    overlong.append(buf, start, rest);
                    len = 0;
                }
            }
        } catch (IOException e) {
            // stdout closed: the child is exiting
        } finally {
            int code = waitForExit();
            LOG.debug("event=child_exited service={} pid={} exit_code={}", service, pid(), code);
            boolean crashed = code != 0 && !closing.get();
            meters.childExited(service, crashed);
            if (crashed) {
                logFailure(code);
            }
            listener.onExit(code);
        }
    }

    /**
     * A child that exited on its own with a non-zero code: its last stderr lines at WARN (one line, joined by
     * {@code " | "}), since they usually say why (a missing browser, a bad argument, a crash).
     */
    private void logFailure(int code) {
        try {
            stderrThread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String tail = String.join(" | ", stderr.tail()).replace('"', '\'');
        LOG.warn("event=child_failed service={} pid={} exit_code={} stderr_tail=\"{}\"", service, pid(), code, tail);
    }

    /** A line being skipped for its size: only its first and last {@value #KEPT_BYTES} bytes are kept. */
    private static final class OverlongLine {
        private final byte[] head;
        private final byte[] tail = new byte[KEPT_BYTES];
        private int tailLen;

        OverlongLine(byte[] line, int len) {
            head = Arrays.copyOf(line, Math.min(len, KEPT_BYTES));
            append(line, 0, len);
        }

        void append(byte[] data, int from, int count) {
            if (count >= KEPT_BYTES) {
                System.arraycopy(data, from + count - KEPT_BYTES, tail, 0, KEPT_BYTES);
                tailLen = KEPT_BYTES;
                return;
            }
            int keep = Math.min(tailLen, KEPT_BYTES - count);
            System.arraycopy(tail, tailLen - keep, tail, 0, keep);
            System.arraycopy(data, from, tail, keep, count);
            tailLen = keep + count;
        }

        byte[] head() {
            return head;
        }

        byte[] tail() {
            int end = tailLen;
            if (end > 0 && tail[end - 1] == '\r') {
                end--;
            }
            return Arrays.copyOf(tail, end);
        }
    }

    private int waitForExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void deliver(byte[] line, int len, McpBackend.Listener listener) {
        int end = len;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        if (end == 0) {
            return;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line, 0, end);
        } catch (IOException e) {
            node = null;
        }
        if (node instanceof ObjectNode msg) {
            try {
                listener.onMessage(msg);
            } catch (RuntimeException e) {
                LOG.warn("event=child_message_failed service={} pid={} error={}", service, pid(), e.toString());
            }
        } else {
            LOG.debug("event=child_stdout_not_jsonrpc service={} pid={} bytes={}", service, pid(), end);
        }
    }

    private static byte[] ensure(byte[] line, int size) {
        return size <= line.length ? line : Arrays.copyOf(line, Math.max(size, line.length * 2));
    }
}
