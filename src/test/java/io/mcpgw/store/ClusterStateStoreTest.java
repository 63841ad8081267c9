package io.mcpgw.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.config.RedisUrl;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RedisClusterGroup;
import io.mcpgw.testsupport.RedisSentinelGroup;
import io.mcpgw.testsupport.RequiresProgram;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract through Redis Cluster ({@code redis-cluster://}, three masters, real processes): single-key
 * operations and the one-key Lua scripts work whichever node owns the slot, and {@code keys} scans every master.
 */
@RequiresProgram(OptionalProgram.REDIS_SERVER)
class ClusterStateStoreTest extends StateStoreContract {

    @RegisterExtension
    static final RedisClusterGroup CLUSTER = RedisClusterGroup.create();

    @Override
    protected StateStore newStore() {
        return new RedisStateStore(RedisUrl.parse(CLUSTER.url()), RedisStateStore.Options.DEFAULTS);
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
    void keysSpreadOverEveryMasterAndAreAllFoundByPrefix() {
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            store.put(ns + "k" + i, "v" + i, Duration.ofMinutes(1));
            store.increment(ns + "c" + i, Duration.ofMinutes(1));
            written.add(ns + "k" + i);
            written.add(ns + "c" + i);
        }
        int mastersHoldingKeys = 0;
        for (int port : CLUSTER.ports()) {
            mastersHoldingKeys += Long.parseLong(RedisSentinelGroup.call(port, "DBSIZE")) > 0 ? 1 : 0;
        }
        assertThat(mastersHoldingKeys).isEqualTo(3);
        assertThat(store.keys(ns)).isEqualTo(written);
        assertThat(store.describe()).startsWith("redis-cluster://127.0.0.1:");
    }
}
