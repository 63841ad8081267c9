package io.mcpgw.http;

import io.vertx.core.spi.ExecutorServiceFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Vert.x worker pools (found through {@code META-INF/services}): threads as the work needs them, never one per
 * request ever seen. Vert.x's own pool is a fixed pool, which starts a new thread for each task until it holds its
 * maximum (400 here) and keeps them all forever; the hot paths ({@code /verify}, MCP) hardly use workers any more,
 * so those threads would be mostly idle memory. Rules:
 * <ul>
 *   <li>a free thread takes the next task; a new thread starts when every thread has a task, up to the maximum
 *       Vert.x asks for ({@code gateway.http.worker-pool-size}) — never is a task left waiting behind busy threads
 *       while the pool may still grow;</li>
 *   <li>at the maximum, tasks wait in order (as in the fixed pool), none is refused;</li>
 *   <li>a thread idle for {@link #KEEP_ALIVE_SECONDS} ends.</li>
 * </ul>
 */
public final class ElasticWorkerPool implements ExecutorServiceFactory {
    static final long KEEP_ALIVE_SECONDS = 60;

    @Override
    public ExecutorService createExecutor(ThreadFactory threadFactory, Integer concurrency, Integer maxConcurrency) {
        int max = maxConcurrency != null && maxConcurrency > 0 ? maxConcurrency
                : concurrency != null && concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        return create(threadFactory, max, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    static ExecutorService create(ThreadFactory threadFactory, int max, long keepAlive, TimeUnit unit) {
        TaskQueue queue = new TaskQueue();
        Executor executor = new Executor(max, keepAlive, unit, queue, threadFactory);
        queue.executor = executor;
        return executor;
    }

    /** Counts the tasks not yet finished (queued or running), so the queue can tell whether a thread is free. */
    private static final class Executor extends ThreadPoolExecutor {
        private final AtomicInteger unfinished = new AtomicInteger();

        Executor(int max, long keepAlive, TimeUnit unit, TaskQueue queue, ThreadFactory threadFactory) {
            super(0, max, keepAlive, unit, queue, threadFactory == null ? (ThreadFactory) Thread::new : threadFactory);
        }

        @Override
        public void execute(Runnable task) {
            unfinished.incrementAndGet();
            try {
                super.execute(task);
            } catch (RejectedExecutionException e) {
                // at the maximum while the queue declined: wait in the queue like every other task
                if (isShutdown() || !((TaskQueue) getQueue()).enqueue(task)) {
                    unfinished.decrementAndGet();
                    throw e;
                }
            }
        }

        @Override
        protected void afterExecute(Runnable task, Throwable failure) {
            unfinished.decrementAndGet();
        }

        /**
         * Whether every unfinished task, this one included, has a thread. A thread that just finished a task may
         * still count as busy for a moment (one extra thread, harmless); a task is never queued behind busy threads
         * while the pool may still grow (which could leave it waiting for a thread that never frees).
         */
        boolean aThreadIsFree() {
            // the pool size first: a thread added after this read is not counted, though its task may be (a thread
            // too many at worst); read the other way round, a task could count a thread that runs another task
            int threads = getPoolSize();
            return unfinished.get() <= threads;
        }
    }

    /** Declines a task (so the pool starts a thread) while no thread is free and the maximum is not reached. */
    private static final class TaskQueue extends LinkedBlockingQueue<Runnable> {
        private transient volatile Executor executor;

        @Override
        public boolean offer(Runnable task) {
            Executor e = executor;
            if (e != null && !e.aThreadIsFree() && e.getPoolSize() < e.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        boolean enqueue(Runnable task) {
            return super.offer(task);
        }
    }
}
