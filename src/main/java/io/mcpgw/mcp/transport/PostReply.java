package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.session.MessageSink;
import io.vertx.core.http.HttpServerResponse;

/**
 * The reply to one POSTed request (transports §2.1 item 5): {@code application/json} with the response, unless the
 * client accepts {@code text/event-stream} and the server sends a related notification or request first — then the
 * reply becomes an SSE stream carrying those messages and finally the response, after which it ends.
 */
final class PostReply implements MessageSink {
    private final HttpServerResponse response;
    private final SseStream sse;
    private final String sessionId;
    private boolean done;

    PostReply(HttpServerResponse response, String streamId, String sessionId, PostLimits limits) {
        this.response = response;
        this.sse = new SseStream(response, streamId, limits);
        this.sessionId = sessionId;
    }

    @Override
    public synchronized boolean deliver(ObjectNode message) {
        if (done || response.closed()) {
            return false;
        }
        sse.start(sessionId);
        return sse.send(message);
    }

    @Override
    public synchronized void end() {
        // the session ended: the pending request is answered with an error through complete()
    }

    synchronized void complete(ObjectNode result) {
        if (done) {
            return;
        }
        done = true;
        if (sse.started()) {
            sse.send(result);
            sse.end();
            return;
        }
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(200).putHeader("Content-Type", "application/json");
        if (sessionId != null) {
            response.putHeader("Mcp-Session-Id", sessionId);
        }
        response.end(Json.write(result));
    }
}
