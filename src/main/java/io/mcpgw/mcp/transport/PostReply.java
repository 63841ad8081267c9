package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.MessageSink;
import io.mcpgw.mcp.session.ResumableStream;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/**
 * The reply to one POSTed request (transports §2.1 item 5): {@code application/json} with the response, unless the
 * client accepts {@code text/event-stream} and the server sends a related notification or request first — then the
 * reply becomes an SSE stream carrying those messages and finally the response, after which it ends.
 *
 * <p>In a resumable session (2025-11-25) the SSE stream starts with a priming event and outlives its connection: a
 * client whose connection dropped resumes it with a GET carrying {@code Last-Event-ID} and gets the events it missed,
 * then the rest, up to the response. A request still unanswered after {@link PostLimits#ssePrimeAfter()} gets its
 * stream opened (with the priming event) even if the server sends nothing before the response. The stream is forgotten once the response was written on an open connection,
 * else kept (bounded) until it is resumed or its events age out.
 */
final class PostReply implements MessageSink, ResumableStream {
    private final HttpServerResponse response;
    private final SseStream sse;
    private final String sessionId;
    private final McpSession session;
    private boolean done;
    /** Cancels the timer that primes the stream of a slow request; null when none runs. */
    private Runnable cancelPriming;
    private volatile io.vertx.core.Vertx vertx;
    private volatile java.time.Duration primeAfter;

    PostReply(HttpServerResponse response, String streamId, String sessionId, PostLimits limits) {
        this(response, streamId, sessionId, limits, null);
    }

    /** @param session the session whose streams are resumable, or null (no priming, no replay) */
    PostReply(HttpServerResponse response, String streamId, String sessionId, PostLimits limits, McpSession session) {
        this.response = response;
        this.session = session != null && session.resumable() ? session : null;
        this.sse = new SseStream(response, streamId, limits, this.session != null);
        this.sessionId = sessionId;
    }

    @Override
    public synchronized boolean deliver(ObjectNode message) {
        if (done || (session == null && response.closed())) {
            return false;
        }
        if (!sse.started()) {
            sse.start(sessionId);
            if (session != null) {
                session.keepForResumption(this);
            }
        }
        return sse.send(message);
    }

    /**
     * In a resumable session, the SSE stream opens with its priming event {@code after} the request reached the
     * server ({@link #requestSent}) unless the response came first, so a slow request is resumable even if the server
     * sends nothing before its response. Before the request reaches the server a step of the route may still refuse
     * it with an HTTP status, so nothing is written earlier.
     */
    void primeAfter(io.vertx.core.Vertx vertx, java.time.Duration after) {
        this.vertx = vertx;
        this.primeAfter = after;
    }

    @Override
    public void requestSent() {
        io.vertx.core.Vertx v = vertx;
        if (session == null || v == null) {
            return;
        }
        if (primeAfter.isZero()) {
            prime();
            return;
        }
        long timer = v.setTimer(Math.max(1, primeAfter.toMillis()), id -> prime());
        synchronized (this) {
            cancelPriming = done ? null : () -> v.cancelTimer(timer);
        }
    }

    private synchronized void prime() {
        cancelPriming = null;
        if (!done && !sse.started() && !response.closed()) {
            sse.start(sessionId);
            session.keepForResumption(this);
        }
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
        if (cancelPriming != null) {
            cancelPriming.run();
            cancelPriming = null;
        }
        if (sse.started()) {
            Future<Void> ended = sse.finish(result);
            if (session != null && ended != null) {
                ended.onSuccess(v -> session.forgetStream(this)); // the response reached an open connection
            }
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

    /** Takes the stream over with a client's GET (see {@link SseStream#resume}); false when {@code lastSeq} was never sent. */
    boolean resume(long lastSeq, HttpServerResponse next, String sessionId) {
        if (!sse.issued(lastSeq)) {
            return false;
        }
        next.closeHandler(v -> sse.detach(next)); // before the replay, which may end the response
        sse.resume(lastSeq, next, sessionId);
        return true;
    }

    @Override
    public String streamId() {
        return sse.streamId();
    }

    @Override
    public boolean detached() {
        return !sse.connected();
    }

    @Override
    public boolean finished() {
        return sse.finished();
    }

    @Override
    public boolean spent(long nowNanos) {
        return sse.finished() && !sse.connected() && sse.nothingKept(nowNanos);
    }
}
