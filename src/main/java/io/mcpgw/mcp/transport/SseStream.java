package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Server-Sent Events straight to the Vert.x response, one {@code write} per event, so every event is
 * flushed as it happens and a quiet stream never holds up another (the platform-http InputStream path buffers
 * the whole stream).
 *
 * <p>Rule: a client that stops reading is disconnected after a bounded amount of queued bytes or time
 * ({@link #send}); the gateway never buffers a stream without end. Event ids are {@code <stream>:<seq>} (transports §2.4: ids encode the stream).
 */
final class SseStream {
    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);

    private final HttpServerResponse response;
    private final String streamId;
    private final PostLimits limits;
    private long seq;
    private boolean started;
    /** Bytes written since the write queue became full, and since when it is full (0 when it is not). */
    private long queuedWhileFull;
    private long fullSinceNanos;

    SseStream(HttpServerResponse response, String streamId, PostLimits limits) {
        this.response = response;
        this.streamId = streamId;
        this.limits = limits;
    }

    /** Sends the status line and headers (once). */
    void start(String sessionId) {
        if (started) {
            return;
        }
        started = true;
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        if (sessionId != null) {
            response.putHeader("Mcp-Session-Id", sessionId);
        }
    }

    boolean started() {
        return started;
    }

    /**
     * False when the client is gone, or does not read: once the response's write queue is full, at most
     * {@link PostLimits#sseMaxQueuedBytes()} more are queued and for at most {@link PostLimits#sseStallTimeout()};
     * past either bound the connection is closed (the session then keeps messages for the next stream, bounded).
     */
    synchronized boolean send(ObjectNode message) {
        if (response.closed() || response.ended()) {
            return false;
        }
        byte[] event = ("id: " + streamId + ":" + (++seq) + "\nevent: message\ndata: " + Json.write(message) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        if (response.writeQueueFull()) {
            long now = System.nanoTime();
            if (fullSinceNanos == 0) {
                fullSinceNanos = now;
                queuedWhileFull = 0;
                response.drainHandler(v -> drained());
            }
            if (queuedWhileFull + event.length > limits.sseMaxQueuedBytes()
                    || now - fullSinceNanos > limits.sseStallTimeout().toNanos()) {
                LOG.warn("event=sse_consumer_not_reading queued_bytes={} stalled_ms={} effect=\"stream closed\"",
                        queuedWhileFull, (now - fullSinceNanos) / 1_000_000);
                response.reset();
                return false;
            }
            queuedWhileFull += event.length;
        }
        response.write(Buffer.buffer(event));
        return true;
    }

    private synchronized void drained() {
        fullSinceNanos = 0;
        queuedWhileFull = 0;
    }

    void end() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }
}
