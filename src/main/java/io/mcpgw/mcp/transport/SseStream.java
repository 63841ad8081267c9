package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.session.ReplayBuffer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Server-Sent Events straight to the Vert.x response, one {@code write} per event, so every event is
 * flushed as it happens and a quiet stream never holds up another (the platform-http InputStream path buffers
 * the whole stream).
 *
 * <p>Rules: a client that stops reading is disconnected after a bounded amount of queued bytes or time
 * ({@link #send}); the gateway never buffers a stream without end. Event ids are {@code <stream>:<seq>} (transports
 * §2.4: ids encode the stream), {@code seq} counting from 1. A resumable stream (a session that negotiated 2025-11-25
 * or later) starts with a priming event (id {@code <stream>:0}, empty data), keeps what it sends in a bounded
 * {@link ReplayBuffer} whether or not a connection is attached, and can be taken over by a new connection that
 * replays the kept events after a given one ({@link #resume}).
 */
final class SseStream {
    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

    private HttpServerResponse response;
    private final String streamId;
    private final PostLimits limits;
    /** Null when the stream is not resumable. */
    private final ReplayBuffer replay;
    private long seq;
    private boolean started;
    private boolean finished;
    /** Bytes written since the write queue became full, and since when it is full (0 when it is not). */
    private long queuedWhileFull;
    private long fullSinceNanos;

    SseStream(HttpServerResponse response, String streamId, PostLimits limits) {
        this(response, streamId, limits, false);
    }

    SseStream(HttpServerResponse response, String streamId, PostLimits limits, boolean resumable) {
        this.response = response;
        this.streamId = streamId;
        this.limits = limits;
        this.replay = resumable ? new ReplayBuffer(limits.replayBufferBytes(), limits.replayBufferAge().toNanos()) : null;
    }

    /** Sends the status line and headers (once), and the priming event of a resumable stream. */
    synchronized void start(String sessionId) {
        if (started) {
            return;
        }
        started = true;
        if (!connected()) {
            return; // a resumable stream whose client left before the first event: events are kept all the same
        }
        headers(response, sessionId);
        if (replay != null) {
            response.write("id: " + streamId + ":0\ndata: \n\n");
        }
    }

    private static void headers(HttpServerResponse response, String sessionId) {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        if (sessionId != null) {
            response.putHeader("Mcp-Session-Id", sessionId);
        }
    }

    synchronized boolean started() {
        return started;
    }

    String streamId() {
        return streamId;
    }

    boolean resumable() {
        return replay != null;
    }

    /**
     * False when the client is gone, or does not read: once the response's write queue is full, at most
     * {@link PostLimits#sseMaxQueuedBytes()} more are queued and for at most {@link PostLimits#sseStallTimeout()};
     * past either bound the connection is closed (the session then keeps messages for the next stream, bounded).
     * A resumable stream keeps the event for a client that resumes, so it is true until the stream is finished.
     */
    synchronized boolean send(ObjectNode message) {
        if (finished) {
            return false;
        }
        if (replay == null && !connected()) {
            return false;
        }
        byte[] event = ("id: " + streamId + ":" + (++seq) + "\nevent: message\ndata: " + Json.write(message) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        long now = System.nanoTime();
        if (replay != null) {
            replay.add(seq, event, now);
            if (!connected()) {
                return true;
            }
        }
        if (response.writeQueueFull()) {
            if (fullSinceNanos == 0) {
                fullSinceNanos = now;
                queuedWhileFull = 0;
                HttpServerResponse stalled = response;
                response.drainHandler(v -> drained(stalled));
            }
            if (queuedWhileFull + event.length > limits.sseMaxQueuedBytes()
                    || now - fullSinceNanos > limits.sseStallTimeout().toNanos()) {
                LOG.warn("event=sse_consumer_not_reading queued_bytes={} stalled_ms={} effect=\"stream closed\"",
                        queuedWhileFull, (now - fullSinceNanos) / 1_000_000);
                response.reset();
                fullSinceNanos = 0;
                return replay != null;
            }
            queuedWhileFull += event.length;
        }
        response.write(Buffer.buffer(event));
        return true;
    }

    private synchronized void drained(HttpServerResponse which) {
        if (which == response) {
            fullSinceNanos = 0;
            queuedWhileFull = 0;
        }
    }

    /** Sends {@code last} and ends the stream; the future of the response's end, null when no connection was open. */
    synchronized Future<Void> finish(ObjectNode last) {
        send(last);
        finished = true;
        return end();
    }

    /** Ends the response; null when no connection was open. */
    synchronized Future<Void> end() {
        if (connected()) {
            return response.end();
        }
        return null;
    }

    synchronized boolean finished() {
        return finished;
    }

    /** True when a client connection is attached and open. */
    synchronized boolean connected() {
        return response != null && !response.closed() && !response.ended();
    }

    /** Forgets {@code closed} if it is the attached connection; true when it was. */
    synchronized boolean detach(HttpServerResponse closed) {
        if (response == closed) {
            response = null;
            fullSinceNanos = 0;
            return true;
        }
        return false;
    }

    /** True when {@code lastSeq} names an event this stream has sent (0 = the priming event). */
    synchronized boolean issued(long lastSeq) {
        return lastSeq >= 0 && lastSeq <= seq;
    }

    /** True when nothing is kept to replay any more (after dropping what is older than the age bound). */
    synchronized boolean nothingKept(long nowNanos) {
        if (replay == null) {
            return true;
        }
        replay.expire(nowNanos);
        return replay.isEmpty();
    }

    /**
     * Attaches {@code next} (a client's GET with {@code Last-Event-ID}) in place of the current connection, which is
     * closed: the kept events after {@code lastSeq} are written first, then the stream goes on live there; a
     * finished stream ends after the replay.
     *
     * @return how many events were replayed
     */
    synchronized int resume(long lastSeq, HttpServerResponse next, String sessionId) {
        HttpServerResponse previous = response;
        response = next;
        fullSinceNanos = 0;
        queuedWhileFull = 0;
        if (previous != null && !previous.closed() && !previous.ended()) {
            previous.reset(); // the client has given up on it: it resumed elsewhere
        }
        started = true;
        headers(next, sessionId);
        long now = System.nanoTime();
        if (replay.lostAfter(lastSeq)) {
            LOG.warn("event=sse_replay_gap stream_kept_bytes={} effect=\"events older than the replay buffer are not replayed\"",
                    replay.bytes());
        }
        List<byte[]> missed = replay.after(lastSeq, now);
        for (byte[] event : missed) {
            next.write(Buffer.buffer(event));
        }
        if (finished) {
            next.end();
        } else if (missed.isEmpty()) {
            next.write(": resumed\n\n"); // the headers go out now, so the client sees the stream open
        }
        return missed.size();
    }
}
