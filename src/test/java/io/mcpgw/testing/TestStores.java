package io.mcpgw.testing;

import io.mcpgw.store.MemoryStateStore;
import io.mcpgw.store.StateStore;

/** The in-memory state store for core tests: the real {@link MemoryStateStore}. */
public final class TestStores {

    private TestStores() {
    }

    public static StateStore memory() {
        return new MemoryStateStore();
    }
}
