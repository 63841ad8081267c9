package io.mcpgw.mcp.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one SSE stream kept for a client that reconnects with {@code Last-Event-ID} (MCP 2025-11-25
 * transports, "Resumability and Redelivery").
 *
 * <p>Rules it enforces: events are kept in sequence order; the kept bytes never pass {@code maxBytes} and no event is
 * kept longer than {@code maxAgeNanos} (the oldest go first); an event larger than {@code maxBytes} on its own is not
 * kept (it is counted as dropped); nothing is allocated until the first event is kept. Not thread-safe: the stream
 * that owns it serializes the calls.
 */
public final class ReplayBuffer {
    /** One kept event: its sequence number in the stream, the bytes written, when it was written. */
    private record Event(long seq, byte[] bytes, long atNanos) {
    }

    private final long maxBytes;
    private final long maxAgeNanos;
    private ArrayDeque<Event> events;
    private long bytes;
    /** The highest sequence number dropped (for age or room), 0 when none was. */
    private long droppedUpTo;

    public ReplayBuffer(long maxBytes, long maxAgeNanos) {
        if (maxBytes < 0 || maxAgeNanos < 0) {
            throw new IllegalArgumentException("replay buffer bounds must not be negative");
        }
        this.maxBytes = maxBytes;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Keeps event {@code seq} (sequence numbers only grow), dropping the oldest to stay in bounds. */
    public void add(long seq, byte[] event, long nowNanos) {
        expire(nowNanos);
        if (event.length > maxBytes || maxAgeNanos == 0) {
            droppedUpTo = seq;
            return;
        }
        if (events == null) {
            events = new ArrayDeque<>(4);
        }
        while (!events.isEmpty() && bytes + event.length > maxBytes) {
            dropOldest();
        }
        events.addLast(new Event(seq, event, nowNanos));
        bytes += event.length;
    }

    /** The kept events after {@code seq}, oldest first. */
    public List<byte[]> after(long seq, long nowNanos) {
        expire(nowNanos);
        List<byte[]> out = new ArrayList<>();
        if (events != null) {
            for (Event e : events) {
                if (e.seq() > seq) {
                    out.add(e.bytes());
                }
            }
        }
        return out;
    }

    /** True when some event after {@code seq} was dropped: a replay from there has a gap. */
    public boolean lostAfter(long seq) {
        return droppedUpTo > seq;
    }

    /** Drops every event older than the age bound. */
    public void expire(long nowNanos) {
        while (events != null && !events.isEmpty() && nowNanos - events.peekFirst().atNanos() > maxAgeNanos) {
            dropOldest();
        }
    }

    public boolean isEmpty() {
        return events == null || events.isEmpty();
    }

    public long bytes() {
        return bytes;
    }

    private void dropOldest() {
        Event e = events.pollFirst();
        bytes -= e.bytes().length;
        droppedUpTo = Math.max(droppedUpTo, e.seq());
        if (events.isEmpty()) {
            events = null; // an emptied buffer gives its memory back
        }
    }
}
