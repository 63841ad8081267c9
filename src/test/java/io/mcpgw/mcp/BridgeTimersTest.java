package io.mcpgw.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bridge's timer: answered requests leave no cancelled timeout behind; a timeout not cancelled still fires. */
class BridgeTimersTest {

    @Test
    void aCancelledTimeoutLeavesTheQueueAtOnceAndAnUncancelledOneFires() throws Exception {
        ScheduledExecutorService timers = McpBridge.timers();
        try {
            for (int i = 0; i < 10_000; i++) { // 10,000 requests answered before their 60-s deadline
                ScheduledFuture<?> timeout = timers.schedule(() -> { }, 60, TimeUnit.SECONDS);
                timeout.cancel(false);
            }
            assertThat(((ScheduledThreadPoolExecutor) timers).getQueue()).as("nothing kept until the deadline").isEmpty();

            AtomicInteger fired = new AtomicInteger();
            ScheduledFuture<?> due = timers.schedule(fired::incrementAndGet, 10, TimeUnit.MILLISECONDS);
            due.get(5, TimeUnit.SECONDS);
            assertThat(fired).hasValue(1);
        } finally {
            timers.shutdownNow();
        }
    }
}
