package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.session.MessageSink;
import io.mcpgw.mcp.session.ResumableStream;
import io.vertx.core.http.HttpServerResponse;

/**
 * The session's GET stream (transports §2.2): server-initiated messages not tied to a POST in progress.
 *
 * <p>In a resumable session (2025-11-25) it opens with a priming event and keeps what it sent (bounded): when its
 * connection drops, the session keeps new messages in its backlog, and a GET with {@code Last-Event-ID} gets the
 * events the old connection may have lost, then the backlog, then the live messages.
 */
final class GetStream implements MessageSink, ResumableStream {
    private final SseStream sse;
    private final HttpServerResponse response;

    GetStream(HttpServerResponse response, String streamId, PostLimits limits) {
        this(response, streamId, limits, false);
    }

    GetStream(HttpServerResponse response, String streamId, PostLimits limits, boolean resumable) {
        this.response = response;
        this.sse = new SseStream(response, streamId, limits, resumable);
    }

    /**
     * Sends the headers now, so the client sees the stream open: with the priming event of a resumable stream, else
     * an SSE comment line, which clients ignore.
     */
    synchronized void open() {
        sse.start(null);
        if (!sse.resumable()) {
            response.write(": stream open\n\n");
        }
    }

    @Override
    public synchronized boolean deliver(ObjectNode message) {
        sse.start(null);
        return sse.send(message);
    }

    @Override
    public synchronized void end() {
        sse.end();
    }

    /** Forgets {@code closed} if it is the connection attached now; true when it was (the stream is detached). */
    boolean detach(HttpServerResponse closed) {
        return sse.detach(closed);
    }

    /** True when {@code lastSeq} names an event this stream sent (0 = the priming event). */
    boolean issued(long lastSeq) {
        return sse.issued(lastSeq);
    }

    /** Replays the kept events after {@code lastSeq} on {@code next}, which becomes the stream's connection. */
    synchronized int resume(long lastSeq, HttpServerResponse next) {
        return sse.resume(lastSeq, next, null);
    }

    @Override
    public String streamId() {
        return sse.streamId();
    }

    @Override
    public boolean detached() {
        return !sse.connected();
    }

    /** Never: a GET stream has no last event; it ends with its session or when a newer detached one pushes it out. */
    @Override
    public boolean finished() {
        return false;
    }

    /**
     * Never (events past the age bound are dropped meanwhile): a client may resume a GET stream however long it was away (what aged out of the buffer is then not
     * replayed); a detached one is only forgotten when newer detached streams push it out.
     */
    @Override
    public boolean spent(long nowNanos) {
        sse.nothingKept(nowNanos); // lets events past the age bound go
        return false;
    }
}
