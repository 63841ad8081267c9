package io.mcpgw.mcp.fetchs;

import java.time.Duration;

/**
 * How long one HTML conversion may run. Rule: a conversion stops, with {@link ConversionStoppedException}, as soon
 * as its deadline has passed or its thread is interrupted (the native backend cancels a request with
 * {@code cancel(true)}); the interrupt flag is left set for the caller to see.
 */
final class ConversionBudget {
    private final long deadlineNanos;

    private ConversionBudget(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    static ConversionBudget of(Duration budget) {
        return new ConversionBudget(System.nanoTime() + budget.toNanos());
    }

    /** Throws when the conversion must stop; cheap enough to call every few hundred nodes or characters. */
    void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new ConversionStoppedException(true);
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new ConversionStoppedException(false);
        }
    }
}
