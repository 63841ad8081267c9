package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.MessageSink;
import io.mcpgw.mcp.stateless.ServerRequestRefusal;
import io.mcpgw.mcp.stateless.StatelessProtocol;
import io.mcpgw.mcp.stateless.StatelessResult;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The reply to one stateless request: {@code application/json} with the response (HTTP 404 for -32601, the given
 * status for a refusal, else 200), unless the client accepts {@code text/event-stream} and the child sends a
 * notification about the request first (progress; a log message only when the request's {@code _meta} set
 * {@value StatelessProtocol#META_LOG_LEVEL}): then the reply is an SSE stream that ends with the response.
 *
 * <p>Rules: no {@code Mcp-Session-Id} is ever sent; a server→client request never reaches the client (the
 * revision forbids it) and is refused to the child; every answer carries the request's id.
 */
final class StatelessReply implements MessageSink {
    private final HttpServerResponse response;
    private final SseStream sse;
    private final boolean acceptsSse;
    private final boolean logs;
    private McpSession session;
    private Executor executor;
    private boolean done;

    StatelessReply(HttpServerResponse response, String streamId, PostLimits limits, boolean acceptsSse, boolean logs) {
        this.response = response;
        this.sse = new SseStream(response, streamId, limits);
        this.acceptsSse = acceptsSse;
        this.logs = logs;
    }

    /** The child this reply's request goes to: server→client requests are refused to it. */
    synchronized void servedBy(McpSession child, Executor refusals) {
        this.session = child;
        this.executor = refusals;
    }

    @Override
    public synchronized boolean deliver(ObjectNode message) {
        if (JsonRpc.kind(message) == JsonRpc.Kind.REQUEST) {
            if (session != null) {
                ServerRequestRefusal.refuse(session, message, executor);
            }
            return true;
        }
        if ("notifications/message".equals(JsonRpc.method(message)) && !logs) {
            return true;
        }
        if (done || !acceptsSse || response.closed()) {
            return !done && !response.closed();
        }
        sse.start(null);
        return sse.send(message);
    }

    @Override
    public synchronized void end() {
        // the child ended: the pending request is answered with an error through complete()
    }

    /** Answers with the child's response (already in the stateless shape) or a gateway error. */
    synchronized void complete(ObjectNode answer) {
        complete(StatelessResult.httpStatus(answer), answer, Map.of());
    }

    synchronized void complete(int status, ObjectNode answer, Map<String, String> headers) {
        if (done) {
            return;
        }
        done = true;
        if (sse.started()) {
            sse.send(answer);
            sse.end();
            return;
        }
        if (response.closed() || response.ended() || response.headWritten()) {
            return;
        }
        headers.forEach(response::putHeader);
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.write(answer));
    }

    /** 202 for a notification. */
    synchronized void accepted() {
        done = true;
        if (!response.closed() && !response.ended()) {
            response.setStatusCode(202).end();
        }
    }

    static boolean logLevelSet(JsonNode message) {
        return message.path("params").path("_meta").has(StatelessProtocol.META_LOG_LEVEL);
    }
}
