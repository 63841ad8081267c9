package io.mcpgw.mcp.stdio;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Ends a child and everything it started: a snapshot of {@link ProcessHandle#descendants()} is taken before the
 * parent can exit (an orphan is no longer a descendant), then SIGTERM to all after the grace period, then SIGKILL
 * to whatever is still alive after a second grace period. {@code npx → sh → node} trees die completely.
 */
final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Blocks for at most about twice {@code grace}; the caller has already closed the child's stdin. A tree that
     * ignores SIGTERM is SIGKILLed as a whole once the second grace period is over (not one generation after another).
     */
    static void terminate(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (!waitFor(process, grace)) {
            process.destroy();
            descendants.forEach(ProcessHandle::destroy);
            if (!waitFor(process, grace)) {
                process.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
            }
        }
        // Children left behind by a parent that exited on its own (npx's node) are ended as well.
        List<ProcessHandle> survivors = descendants.stream().filter(ProcessHandle::isAlive).toList();
        survivors.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : survivors) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        waitFor(process, grace);
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
