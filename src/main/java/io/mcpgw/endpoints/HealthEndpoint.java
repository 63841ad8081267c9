package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.http.StartupReadiness;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreUnavailableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;

/**
 * The health of this process, as a platform (Docker, Kubernetes, a load balancer) asks for it:
 * <ul>
 *   <li>{@code GET /health/live}: liveness — 200 whenever the process answers HTTP at all. It never looks at the store
 *       or the services, so an outage of Redis never gets the gateway restarted (restarting would not help);</li>
 *   <li>{@code GET /health/ready}: readiness — 200 only when the state store answers a round trip, start-up is done
 *       (every service file loaded, the MCP routes mounted) and, in the {@code services} role, none of its services
 *       is down or unable to run here; else 503 with {@code Retry-After} and the failing check named;</li>
 *   <li>{@code GET /health}: the store round trip alone (200 or 503), kept for existing probes.</li>
 * </ul>
 * Answers name checks and states only: never an address, a password or an exception text.
 */
public final class HealthEndpoint {
    private final StateStore store;
    private final StartupReadiness startup;
    private final Supplier<List<String>> servicesNotServing;

    /**
     * @param servicesNotServing the services that must serve but cannot (down or unavailable); empty when this
     *                           role's readiness does not depend on its MCP services
     */
    public HealthEndpoint(StateStore store, StartupReadiness startup, Supplier<List<String>> servicesNotServing) {
        this.store = store;
        this.startup = startup;
        this.servicesNotServing = servicesNotServing;
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
        boolean storeOk = storeAnswers();
        checks.put("store", storeOk ? "ok" : "unreachable");
        boolean started = startup.isReady();
        checks.put("startup", started ? "done" : "in_progress");
        List<String> failing = servicesNotServing.get();
        checks.put("services", failing.isEmpty() ? "ok" : "not_serving: " + String.join(",", failing));
        boolean ready = storeOk && started && failing.isEmpty();
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
