package io.mcpgw.testing;

import io.mcpgw.store.MemoryStateStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real {@link MemoryStateStore} on a manual clock, for core tests: expiry is tested by {@link #advance}, never by
 * sleeping.
 */
public final class ManualClockStateStore extends DelegatingStateStore {
    private final AtomicLong nanos;

    public ManualClockStateStore() {
        this(new AtomicLong());
    }

    private ManualClockStateStore(AtomicLong nanos) {
        super(new MemoryStateStore(nanos::get, Duration.ofDays(1)));
        this.nanos = nanos;
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Override
    public String describe() {
        return "memory (manual clock)";
    }
}
