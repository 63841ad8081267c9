package io.mcpgw.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpgw.config.RedisUrl;
import io.mcpgw.testsupport.RedisSentinelGroup;
import io.mcpgw.testsupport.RequiresProgram;
import io.mcpgw.testsupport.OptionalProgram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract through Redis Sentinel ({@code redis-sentinel://…#master}: master + replica + three Sentinels,
 * real processes), then a failover under writes: the master is SIGKILLed while writers run, the same store instance
 * follows the new master without a restart, and every write it acknowledged is on the new master (none lost), the
 * single-use take still atomic after it.
 */
@RequiresProgram(OptionalProgram.REDIS_SERVER)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SentinelStateStoreTest extends StateStoreContract {

    @RegisterExtension
    static final RedisSentinelGroup SENTINEL = RedisSentinelGroup.create();

    @Override
    protected StateStore newStore() {
        return new RedisStateStore(RedisUrl.parse(SENTINEL.url()), RedisStateStore.Options.DEFAULTS);
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofMillis(600);
    }

    @Override
    protected void letTimePass(Duration time) {
        // Redis keeps real time
    }

    @Test
    void describesTheSentinelsAndTheMasterNameWithoutAnyPassword() {
        assertThat(store.describe()).startsWith("redis-sentinel://127.0.0.1:").endsWith("#" + RedisSentinelGroup.MASTER_NAME);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: the group has no second replica afterwards
    void masterKilledDuringWritesThenFailoverLosesNoAcknowledgedWriteAndTheSameStoreRecovers() throws Exception {
        int replica = SENTINEL.replicaPort();
        assertThat(SENTINEL.currentMasterPort()).isEqualTo(SENTINEL.masterPort());
        store.put(ns + "single-use", "code", Duration.ofMinutes(5));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> acknowledged = new ArrayList<>();
        int[] failures = new int[1];
        for (int w = 0; w < 4; w++) {
            int writer = w;
            acknowledged.add(writers.submit(() -> {
                List<String> keys = new ArrayList<>();
                for (int i = 0; !stop.get(); i++) {
                    String key = ns + "w" + writer + ":" + i;
                    try {
                        store.put(key, "v" + i, Duration.ofMinutes(5));
                        keys.add(key);
                    } catch (StoreUnavailableException e) {
                        synchronized (failures) {
                            failures[0]++;
                        }
                        Thread.sleep(20);
                    }
                }
                return keys;
            }));
        }
        Thread.sleep(500);
        SENTINEL.killMaster();
        long killed = System.nanoTime();
        Duration failover = SENTINEL.awaitFailover(replica, Duration.ofSeconds(60));
        await("the same store writes again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .ignoreException(StoreUnavailableException.class)
                .untilAsserted(() -> store.put(ns + "after", "ok", Duration.ofMinutes(1)));
        double recovered = (System.nanoTime() - killed) / 1e9;
        Thread.sleep(300);
        stop.set(true);
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : acknowledged) {
            all.addAll(f.get());
        }
        writers.shutdown();
        List<String> lost = new ArrayList<>();
        for (String key : all) {
            if (store.get(key).isEmpty()) {
                lost.add(key);
            }
        }
        System.out.printf("sentinel failover: %d acknowledged writes, %d refused (503) during the outage, %d lost;"
                        + " sentinels promoted the replica %.1f s after the kill, the store wrote again %.1f s after it%n",
                all.size(), failures[0], lost.size(), failover.toMillis() / 1000.0 + 0.0, recovered);
        assertThat(all).hasSizeGreaterThan(10);
        assertThat(lost).as("acknowledged writes missing on the new master").isEmpty();
        assertThat(SENTINEL.currentMasterPort()).isEqualTo(replica);
        assertThat(store.take(ns + "single-use")).contains("code");
        assertThat(store.take(ns + "single-use")).isEmpty();
        assertThat(Optional.of(store.get(ns + "after"))).contains(Optional.of("ok"));
    }
}
