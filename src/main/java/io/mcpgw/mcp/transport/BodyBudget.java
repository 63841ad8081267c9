package io.mcpgw.mcp.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of MCP request bodies the gateway receives at once, over all connections.
 *
 * <p>Rule: a POST reserves its {@code Content-Length} (a chunked one the per-request maximum) before a byte of its
 * body is read, and only after its token was accepted; when the reservation would pass {@code maxBytes} the request is
 * answered 503 with {@code Retry-After} without reading. The reservation is released when the body has been read,
 * refused or the connection is gone.
 */
public final class BodyBudget {
    private final long maxBytes;
    private final AtomicLong reserved = new AtomicLong();

    public BodyBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    boolean tryReserve(long bytes) {
        while (true) {
            long now = reserved.get();
            if (now + bytes > maxBytes) {
                return false;
            }
            if (reserved.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    long reserved() {
        return reserved.get();
    }
}
