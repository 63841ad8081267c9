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
 *   <li>an idle thread takes the next task; a new thread starts only when every thread is busy, up to the maximum
 *       Vert.x asks for ({@code gateway.http.worker-pool-size});</li>
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

    private static final class Executor extends ThreadPoolExecutor {
        Executor(int max, long keepAlive, TimeUnit unit, TaskQueue queue, ThreadFactory threadFactory) {
            super(0, max, keepAlive, unit, queue, threadFactory == null ? (ThreadFactory) Thread::new : threadFactory);
        }

        @Override
        public void execute(Runnable task) {
            try {
                super.execute(task);
            } catch (RejectedExecutionException e) {
                // at the maximum while the queue declined: wait in the queue like every other task
                if (isShutdown() || !((TaskQueue) getQueue()).enqueue(task)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Declines a task (so the pool starts a thread) only while no thread is waiting for work and the maximum is not
     * reached. A thread counts as idle while it waits in {@link #poll} or {@link #take}.
     */
    private static final class TaskQueue extends LinkedBlockingQueue<Runnable> {
        private transient volatile Executor executor;
        private final AtomicInteger idle = new AtomicInteger();

        @Override
        public boolean offer(Runnable task) {
            Executor e = executor;
            if (e != null && idle.get() == 0 && e.getPoolSize() < e.getMaximumPoolSize()) {
                return false;
            }
            return super.offer(task);
        }

        boolean enqueue(Runnable task) {
            return super.offer(task);
        }

        @Override
        public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
            idle.incrementAndGet();
            try {
                return super.poll(timeout, unit);
            } finally {
                idle.decrementAndGet();
            }
        }

        @Override
        public Runnable take() throws InterruptedException {
            idle.incrementAndGet();
            try {
                return super.take();
            } finally {
                idle.decrementAndGet();
            }
        }
    }
}
