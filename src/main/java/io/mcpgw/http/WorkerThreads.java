package io.mcpgw.http;

import io.vertx.core.Context;
import java.util.concurrent.Executor;

/**
 * Blocking work handed off the event loop: an {@link Executor} over the Vert.x worker pool of a context (tasks run
 * unordered, so one slow store read never queues another). A failure that comes back through a
 * {@link java.util.concurrent.CompletableFuture} is unwrapped with {@link io.mcpgw.concurrent.AsyncFailures}.
 */
public final class WorkerThreads {
    private WorkerThreads() {
    }

    /** Runs each task on a worker thread of {@code context}'s Vert.x instance. */
    public static Executor of(Context context) {
        return task -> context.executeBlocking(() -> {
            task.run();
            return null;
        }, false);
    }
}
