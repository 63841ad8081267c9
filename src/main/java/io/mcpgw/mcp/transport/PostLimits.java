package io.mcpgw.mcp.transport;

import java.time.Duration;

/**
 * What one MCP POST and one SSE stream may cost the gateway.
 *
 * @param maxBatchLength        messages in one JSON-RPC batch; a longer batch is refused as a whole (400, -32600)
 *                              before anything reaches the server
 * @param maxResponseBytes      bytes of the responses one POST buffers until it answers (a batch answers once all its
 *                              responses are in); a response that would pass it is replaced by a -32000 error naming
 *                              the limit, the others are kept
 * @param sseMaxQueuedBytes     bytes an SSE stream may queue after its client stopped reading (the write queue is
 *                              full); beyond, the stream's connection is closed
 * @param sseStallTimeout       how long an SSE stream's write queue may stay full before its connection is closed
 * @param replayBufferBytes     bytes of events one resumable SSE stream keeps for a client that reconnects with
 *                              {@code Last-Event-ID} (oldest dropped beyond; 0 keeps none)
 * @param replayBufferAge       how long such an event is kept
 * @param ssePrimeAfter         in such a session, a request whose client accepts SSE and that is still unanswered
 *                              after this long gets its SSE stream opened with the priming event, so the client can
 *                              resume it even if the server sends nothing before the response (0: at once)
 */
public record PostLimits(int maxBatchLength, long maxResponseBytes, long sseMaxQueuedBytes, Duration sseStallTimeout,
                         long replayBufferBytes, Duration replayBufferAge, Duration ssePrimeAfter) {

    /** Limits with the default replay buffer (1 MiB, 60 s per stream) and priming after 1 s. */
    public PostLimits(int maxBatchLength, long maxResponseBytes, long sseMaxQueuedBytes, Duration sseStallTimeout) {
        this(maxBatchLength, maxResponseBytes, sseMaxQueuedBytes, sseStallTimeout, 1 << 20, Duration.ofSeconds(60),
                Duration.ofSeconds(1));
    }

    public PostLimits {
        if (maxBatchLength < 1 || maxResponseBytes < 1 || sseMaxQueuedBytes < 1 || sseStallTimeout.isNegative()
                || sseStallTimeout.isZero()) {
            throw new IllegalArgumentException("MCP POST and SSE limits must be positive");
        }
        if (replayBufferBytes < 0 || replayBufferAge.isNegative() || ssePrimeAfter.isNegative()) {
            throw new IllegalArgumentException("the SSE replay buffer's bounds must not be negative");
        }
    }
}
