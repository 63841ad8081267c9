package io.mcpgw.admin;

import io.mcpgw.store.MemoryStateStore;
import io.mcpgw.store.StateStore;

/** The admin commands against the embedded store. */
class MemoryAdminCommandsTest extends AdminCommandsContract {
    @Override
    protected StateStore newStore() {
        return new MemoryStateStore();
    }

    @Override
    protected StateStore newEmptyStore() {
        return new MemoryStateStore();
    }
}
