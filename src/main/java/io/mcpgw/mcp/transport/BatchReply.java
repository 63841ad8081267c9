package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The responses of one batch, kept as bytes until the last one is in.
 *
 * <p>Rule: the kept bytes never pass {@code maxBytes}; a response that would is replaced by a -32000 error with its
 * id and a message naming the limit (the client can ask again, alone or for less). Each response is serialized as it
 * arrives, so no parsed tree is held for the batch.
 */
final class BatchReply {
    private final byte[][] slots;
    private final long maxBytes;
    private long kept;
    private int filled;

    BatchReply(int requests, long maxBytes) {
        this.slots = new byte[requests][];
        this.maxBytes = maxBytes;
    }

    /** Stores the response of slot {@code index}; true when it was the last one missing. */
    synchronized boolean put(int index, ObjectNode response, JsonNode id) {
        byte[] bytes = Json.write(response).getBytes(StandardCharsets.UTF_8);
        if (kept + bytes.length > maxBytes) {
            bytes = Json.write(JsonRpc.error(id, JsonRpc.SERVER_ERROR, "The answers to this batch exceed the gateway's "
                    + "limit of " + maxBytes + " bytes per reply; send this request again alone or ask for less"))
                    .getBytes(StandardCharsets.UTF_8);
        }
        kept += bytes.length;
        if (slots[index] == null) {
            filled++;
        }
        slots[index] = bytes;
        return filled == slots.length;
    }

    /** The JSON array of every response, in request order. */
    synchronized byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, kept + slots.length + 2));
        out.write('[');
        for (int i = 0; i < slots.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(slots[i]);
        }
        out.write(']');
        return out.toByteArray();
    }

    synchronized long keptBytes() {
        return kept;
    }
}
