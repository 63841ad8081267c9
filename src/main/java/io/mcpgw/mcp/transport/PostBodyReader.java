package io.mcpgw.mcp.transport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Reads one MCP POST body, but only once {@link #start} is called — after the token was accepted.
 *
 * <p>Rules: the request stays paused until {@link #start} (the handlers are attached at once, on the event loop,
 * because an HTTP/2 request may complete while the token is checked); {@link #start} first reserves the body's bytes
 * in the {@link BodyBudget} (the declared length, or the per-request limit for a chunked body) and refuses when it is
 * spent; the body is cut at {@code maxBytes} (the rest is never kept); the reservation is released when the body is
 * complete, cut, or the connection is gone. (An HTTP/2 stream is not paused by the router: its body may arrive while
 * the token is checked, still cut at {@code maxBytes}; HTTP/2 flow control bounds what a peer sends unasked.)
 */
final class PostBodyReader {
    private final HttpServerRequest req;
    private final long maxBytes;
    private final long reservation;
    private final BodyBudget budget;
    private Buffer body = Buffer.buffer();
    private Consumer<Buffer> complete;
    private Runnable tooLarge;
    private boolean reserved;
    private boolean released;
    private boolean overflow;
    private boolean ended;

    PostBodyReader(HttpServerRequest req, long declared, long maxBytes, BodyBudget budget) {
        this.req = req;
        this.maxBytes = maxBytes;
        this.reservation = declared >= 0 ? declared : maxBytes;
        this.budget = budget;
        req.exceptionHandler(e -> release()); // also called when the connection closes mid-body
        req.handler(this::chunk);
        req.endHandler(v -> ended());
    }

    /**
     * Starts reading; {@code complete} gets the whole body, {@code tooLarge} runs once when it passes the limit.
     *
     * @return false (nothing read) when the budget of bodies being received at once is spent
     */
    synchronized boolean start(Consumer<Buffer> complete, Runnable tooLarge, LongConsumer budgetFull) {
        if (!budget.tryReserve(reservation)) {
            budgetFull.accept(budget.reserved());
            return false;
        }
        reserved = true;
        this.complete = complete;
        this.tooLarge = tooLarge;
        if (overflow) { // an HTTP/2 body can arrive in full while the token is checked
            release();
            tooLarge.run();
        } else if (ended) {
            release();
            complete.accept(body);
        } else if (!req.isEnded()) {
            try {
                req.resume();
            } catch (IllegalStateException endedMeanwhile) {
                // the body ended on the event loop while we were here: ended() hands it on
            }
        }
        return true;
    }

    private synchronized void chunk(Buffer chunk) {
        if (overflow) {
            return;
        }
        if (body.length() + chunk.length() > maxBytes) {
            overflow = true;
            body = Buffer.buffer(); // keep nothing of a body that is refused anyway
            if (tooLarge != null) {
                release();
                tooLarge.run();
            }
            return;
        }
        body.appendBuffer(chunk);
    }

    private void ended() {
        Consumer<Buffer> next;
        synchronized (this) {
            ended = true;
            if (overflow || complete == null) {
                return; // refused, or start() will hand the body on
            }
            release();
            next = complete;
        }
        next.accept(body);
    }

    private synchronized void release() {
        if (reserved && !released) {
            released = true;
            budget.release(reservation);
        }
    }
}
