package io.mcpgw.mcp.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What a session talks to: a stdio child or a service implemented in the gateway (the backends of the
 * {@code mcp:} component). The session sends it JSON-RPC messages (request ids already
 * replaced by gateway ids) and receives what it answers through its {@link Listener}, in any thread, at any time.
 */
public interface McpBackend {

    /** Receives what the backend writes: responses (gateway ids), notifications and server→client requests. */
    interface Listener {
        void onMessage(ObjectNode message);

        /** Called once when the backend is gone on its own (a child exited). */
        void onExit(int exitCode);

        /**
         * The backend wrote a message longer than {@code limitBytes}; it was not kept. {@code head} and {@code tail}
         * are its first and last bytes (at most a few hundred each), enough to find the id of a response.
         */
        default void onMessageTooLarge(byte[] head, byte[] tail, int limitBytes) {
        }
    }

    /** Sends one message; must not block on the answer. Throws when the backend can no longer take messages. */
    void send(JsonNode message) throws IOException;

    /** Ends the backend (idempotent); the future completes when everything it started is gone. */
    CompletableFuture<Void> close(Duration grace, Executor executor);
}
