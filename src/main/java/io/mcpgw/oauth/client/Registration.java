package io.mcpgw.oauth.client;

import java.util.Map;

/**
 * The outcome of {@code POST /register}.
 *
 * @param client   the stored client (hashes only)
 * @param document the RFC 7591 §3.2.1 response body; holds the one-time {@code client_secret} and
 *                 {@code registration_access_token} of a new client, and must not be logged
 * @param reused   true when an identical public registration returned an existing client
 */
public record Registration(RegisteredClient client, Map<String, Object> document, boolean reused) {

    /** Never the document: it may hold the one-time secrets. */
    @Override
    public String toString() {
        return "Registration[client_id=" + client.clientId() + ", reused=" + reused + "]";
    }
}
