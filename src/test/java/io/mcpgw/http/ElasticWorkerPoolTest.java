package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker pool grows with the work, not with the number of tasks ever submitted: sequential tasks reuse one
 * thread, concurrent blocking tasks get a thread each up to the maximum, beyond it tasks wait (none refused), idle
 * threads end; and Vert.x picks it up through {@code META-INF/services}.
 */
class ElasticWorkerPoolTest {
    final AtomicInteger created = new AtomicInteger();
    ExecutorService pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    ExecutorService pool(int max, long keepAliveMillis) {
        pool = ElasticWorkerPool.create(r -> {
            created.incrementAndGet();
            return new Thread(r, "test-worker-" + created.get());
        }, max, keepAliveMillis, TimeUnit.MILLISECONDS);
        return pool;
    }

    @Test
    void aThousandTasksOneAfterAnotherUseAHandfulOfThreads() throws Exception {
        ExecutorService p = pool(400, 60_000);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 1000; i++) {
            p.submit(() -> threads.add(Thread.currentThread().getName())).get(5, TimeUnit.SECONDS);
        }
        // a caller woken by its task's result may submit the next task a moment before that thread waits for work
        // again (longer on a loaded machine), which starts another thread; a fixed pool of 400 would have started 400
        assertThat(threads).hasSizeBetween(1, 16);
        assertThat(created.get()).isBetween(1, 16);
    }

    @Test
    void concurrentBlockingTasksGetAThreadEachUpToTheMaximumThenWaitInOrder() throws Exception {
        ExecutorService p = pool(50, 60_000);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            tasks.add(p.submit(() -> {
                running.incrementAndGet();
                release.await(30, TimeUnit.SECONDS);
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 50);
        assertThat(((ThreadPoolExecutor) p).getPoolSize()).isEqualTo(50);
        assertThat(((ThreadPoolExecutor) p).getQueue()).as("the 30 beyond the maximum wait, none refused").hasSize(30);
        release.countDown();
        for (Future<?> f : tasks) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(running.get()).isEqualTo(80);
        assertThat(created.get()).isEqualTo(50);
    }

    @Test
    void twoHundredTasksThatBlockAtOnceAllRunEvenWhenSubmittedFromManyThreads() throws Exception {
        ExecutorService p = pool(400, 60_000);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    p.submit(() -> {
                        running.incrementAndGet();
                        return release.await(30, TimeUnit.SECONDS);
                    });
                }
            });
            submitters.add(t);
            t.start();
        }
        for (Thread t : submitters) {
            t.join(10_000);
        }
        await("every blocking task has a thread").atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(running.get())
                .as("pool %d, queued %d", ((ThreadPoolExecutor) p).getPoolSize(), ((ThreadPoolExecutor) p).getQueue().size())
                .isEqualTo(200));
        release.countDown();
    }

    @Test
    void idleThreadsEnd() throws Exception {
        ExecutorService p = pool(10, 200);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(p.submit(() -> release.await(10, TimeUnit.SECONDS)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ((ThreadPoolExecutor) p).getPoolSize() == 10);
        release.countDown();
        for (Future<?> f : tasks) {
            f.get(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ((ThreadPoolExecutor) p).getPoolSize() == 0);
        assertThat(p.submit(() -> "again").get(5, TimeUnit.SECONDS)).isEqualTo("again");
    }

    @Test
    void vertxUsesItForItsWorkerPool() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(400));
        try {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 200; i++) {
                vertx.executeBlocking(() -> threads.add(Thread.currentThread().getName()), false)
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
            assertThat(threads).as("a fixed pool would have started 200 threads").hasSizeLessThanOrEqualTo(16);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
