package io.mcpgw.mcp.stdio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a child's stderr until EOF, always: a pipe nobody reads fills up and blocks the child. Lines go to the log
 * at DEBUG with the service name, at most {@code linesPerSecond} per second and {@value #MAX_LINE} characters each;
 * what is over the budget is counted and reported once per second, so a flood can neither fill the logs nor slow
 * the child down. The last {@value #TAIL_LINES} lines are kept whatever the log level ({@link #tail()}), so a child
 * that fails can be explained at WARN without logging every healthy child's chatter.
 */
final class StderrDrain implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger("io.mcpgw.mcp.stderr");
    static final int MAX_LINE = 1000;
    static final int TAIL_LINES = 20;
    /** Bytes copied per read out of the JDK's own 8 KiB pipe buffer (a larger array would sit idle per child). */
    static final int READ_CHUNK = 1024;

    private final InputStream in;
    private final String service;
    private final long pid;
    private final int linesPerSecond;
    private long windowStart;
    private int linesInWindow;
    private long suppressed;
    private final Deque<String> tail = new ArrayDeque<>(TAIL_LINES);

    StderrDrain(InputStream in, String service, long pid, int linesPerSecond) {
        this.in = in;
        this.service = service;
        this.pid = pid;
        this.linesPerSecond = linesPerSecond;
    }

    @Override
    public void run() {
        byte[] buf = new byte[READ_CHUNK];
        StringBuilder line = new StringBuilder();
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        append(line, buf, start, i);
                        emit(line);
                        line.setLength(0);
                        start = i + 1;
                    }
                }
                append(line, buf, start, n);
            }
        } catch (IOException e) {
            // the child is gone; nothing more to drain
        } finally {
            if (line.length() > 0) {
                emit(line);
            }
            flushSuppressed(System.nanoTime());
        }
    }

    private static void append(StringBuilder line, byte[] buf, int from, int to) {
        int room = MAX_LINE - line.length();
        if (room > 0 && to > from) {
            line.append(new String(buf, from, Math.min(room, to - from), StandardCharsets.UTF_8));
        }
    }

    /** The last lines the child wrote to stderr (at most {@value #TAIL_LINES}, each cut at {@value #MAX_LINE}). */
    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    private void emit(CharSequence text) {
        synchronized (this) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(text.toString());
        }
        if (!LOG.isDebugEnabled()) {
            return;
        }
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            flushSuppressed(now);
            windowStart = now;
            linesInWindow = 0;
        }
        if (linesInWindow++ < linesPerSecond) {
            LOG.debug("event=child_stderr service={} pid={} line={}", service, pid, text);
        } else {
            suppressed++;
        }
    }

    private void flushSuppressed(long now) {
        if (suppressed > 0) {
            LOG.debug("event=child_stderr_suppressed service={} pid={} lines={}", service, pid, suppressed);
            suppressed = 0;
        }
    }
}
