package io.mcpgw.admin;

import io.mcpgw.store.RedisStateStore;
import io.mcpgw.store.StateStore;
import io.mcpgw.testsupport.RedisServerProcess;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin commands against real redis-servers (the restore target is a second, fresh server). */
class RedisAdminCommandsTest extends AdminCommandsContract {
    @RegisterExtension
    static final RedisServerProcess REDIS = RedisServerProcess.create();
    @RegisterExtension
    static final RedisServerProcess FRESH = RedisServerProcess.create();

    @Override
    protected StateStore newStore() {
        REDIS.execute("FLUSHALL");
        return new RedisStateStore(REDIS.url(), Optional.empty());
    }

    @Override
    protected StateStore newEmptyStore() {
        FRESH.execute("FLUSHALL");
        return new RedisStateStore(FRESH.url(), Optional.empty());
    }
}
