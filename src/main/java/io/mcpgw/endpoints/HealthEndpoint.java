package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;

/**
 * The health of this process, as a platform (Docker, Kubernetes, a load balancer) asks for it:
 * <ul>
 *   <li>{@code GET /health/live}: liveness — 200 whenever the process answers HTTP at all. It never looks at the store
 *       or the services, so an outage of Redis never gets the gateway restarted (restarting would not help);</li>
 *   <li>{@code GET /health/ready}: readiness — 200 only when every readiness check (Camel health checks,
 *       {@link io.mcpgw.health.ReadinessCheck}) is up: the state store answers a round trip, start-up is done (every
 *       service file loaded, the MCP routes mounted) and, in the {@code services} role, none of its services is down
 *       or unable to run here; else 503 with {@code Retry-After} and the failing check named;</li>
 *   <li>{@code GET /health}: the store round trip alone (200 or 503), kept for existing probes.</li>
 * </ul>
 * Answers name checks and states only: never an address, a password or an exception text.
 */
public final class HealthEndpoint {
    private final StateStore store;
    private final List<HealthCheck> readiness;

    /** @param readiness the checks {@code /health/ready} asks, in the order they are reported */
    public HealthEndpoint(StateStore store, List<HealthCheck> readiness) {
        this.store = store;
        this.readiness = List.copyOf(readiness);
    }

    public void health(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (storeAnswers()) {
            body.put("status", "ok");
            body.put("store", "ok");
            HttpReplies.json(exchange, 200, body);
        } else {
            body.put("status", "unavailable");
            body.put("store", "unreachable");
            HttpReplies.json(exchange, 503, body);
            exchange.getMessage().setHeader("Retry-After", "5");
        }
    }

    /** {@code GET /health/live}. */
    public void live(Exchange exchange) {
        HttpReplies.json(exchange, 200, Map.of("status", "ok"));
    }

    /** {@code GET /health/ready}. */
    public void ready(Exchange exchange) {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean ready = true;
        for (HealthCheck check : readiness) {
            HealthCheck.Result result = check.call();
            boolean up = result.getState() == HealthCheck.State.UP;
            ready &= up;
            checks.put(check.getId(), up ? "ok" : result.getMessage().orElse("down"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not_ready");
        body.put("checks", checks);
        HttpReplies.json(exchange, ready ? 200 : 503, body);
        if (!ready) {
            exchange.getMessage().setHeader("Retry-After", "5");
        }
    }

    private boolean storeAnswers() {
        try {
            store.checkRoundTrip();
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }
}
