package io.mcpgw.http;

import io.vertx.core.Context;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Blocking work handed off the event loop: an {@link Executor} over the Vert.x worker pool of a context (tasks run
 * unordered, so one slow store read never queues another), and the unwrapping of the failures a
 * {@link java.util.concurrent.CompletableFuture} chain wraps.
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

    /** The failure itself, not the {@link CompletionException} around it; null stays null. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
