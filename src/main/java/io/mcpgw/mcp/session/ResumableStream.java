package io.mcpgw.mcp.session;

/**
 * An SSE stream of a session that a client may resume with {@code Last-Event-ID} after its connection dropped (MCP
 * 2025-11-25 transports, "Resumability and Redelivery"); the HTTP transport implements it, the session keeps it.
 */
public interface ResumableStream {

    /** The stream's id, the part of its event ids before the sequence number. */
    String streamId();

    /** True when no client connection is attached: the stream only waits to be resumed. */
    boolean detached();

    /** True when its last event was sent (a POST stream: the response); it stays kept until replayed or aged out. */
    boolean finished();

    /** True when it may be forgotten: detached, nothing more will be sent on it, and nothing is kept to replay. */
    boolean spent(long nowNanos);
}
