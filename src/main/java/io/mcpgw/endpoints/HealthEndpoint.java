package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreUnavailableException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** {@code GET /health}: 200 when the state store answers a round trip, 503 otherwise. */
public final class HealthEndpoint {
    private final StateStore store;

    public HealthEndpoint(StateStore store) {
        this.store = store;
    }

    public void health(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            store.checkRoundTrip();
            body.put("status", "ok");
            body.put("store", "ok");
            HttpReplies.json(exchange, 200, body);
        } catch (StoreUnavailableException e) {
            body.put("status", "unavailable");
            body.put("store", "unreachable");
            HttpReplies.json(exchange, 503, body);
            exchange.getMessage().setHeader("Retry-After", "5");
        }
    }
}
