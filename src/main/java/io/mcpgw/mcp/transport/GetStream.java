package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.session.MessageSink;
import io.vertx.core.http.HttpServerResponse;

/** The session's GET stream (transports §2.2): server-initiated messages not tied to a POST in progress. */
final class GetStream implements MessageSink {
    private final SseStream sse;
    private final HttpServerResponse response;

    GetStream(HttpServerResponse response, String streamId, PostLimits limits) {
        this.response = response;
        this.sse = new SseStream(response, streamId, limits);
    }

    /** Sends the headers now (an SSE comment line, which clients ignore), so the client sees the stream open. */
    synchronized void open() {
        sse.start(null);
        response.write(": stream open\n\n");
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
}
