package io.mcpgw.mcp.session;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A place a server→client message can be written to: the SSE stream of a POST in progress, or the GET stream. */
public interface MessageSink {

    /** Writes {@code message}; false when the stream is already closed (the caller then picks another place). */
    boolean deliver(ObjectNode message);

    /** Ends the stream (session over). */
    void end();

    /** The request this sink answers reached the server: from now on only the server can answer it. */
    default void requestSent() {
    }
}
