package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * Writes Server-Sent Events straight to the Vert.x response, one {@code write} per event, so every event is
 * flushed as it happens and a quiet stream never holds up another (platform-http on Camel 4.17
 * buffers an InputStream body until it ends). Event ids are {@code <stream>:<seq>} (transports §2.4: ids encode the stream).
 */
final class SseStream {
    private final HttpServerResponse response;
    private final String streamId;
    private long seq;
    private boolean started;

    SseStream(HttpServerResponse response, String streamId) {
        this.response = response;
        this.streamId = streamId;
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

    /** False when the client is gone. */
    boolean send(ObjectNode message) {
        if (response.closed() || response.ended()) {
            return false;
        }
        String event = "id: " + streamId + ":" + (++seq) + "\nevent: message\ndata: " + Json.write(message) + "\n\n";
        response.write(Buffer.buffer(event.getBytes(StandardCharsets.UTF_8)));
        return true;
    }

    void end() {
        if (!response.ended() && !response.closed()) {
            response.end();
        }
    }
}
