package io.mcpgw.health;

import io.mcpgw.http.StartupReadiness;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One readiness condition of the gateway as a Camel health check (group {@value #GROUP}): registered with Camel's
 * health-check registry, so Camel's tooling lists it, and asked by {@code GET /health/ready}. Readiness only, never
 * liveness: a failing condition (Redis away, start-up not finished, a service that cannot run) makes the gateway
 * not ready, and restarting the process would not fix it. A check's message names the condition, never an address,
 * a password or an exception text.
 */
public final class ReadinessCheck extends AbstractHealthCheck {
    public static final String GROUP = "gateway";
    private final Supplier<String> problem;

    private ReadinessCheck(String id, Supplier<String> problem) {
        super(GROUP, id);
        this.problem = problem;
    }

    /** Up when the state store answers a round trip. */
    public static ReadinessCheck store(StateStore store) {
        return new ReadinessCheck("store", () -> {
            try {
                store.checkRoundTrip();
                return null;
            } catch (StoreUnavailableException e) {
                return "unreachable";
            }
        });
    }

    /** Up once start-up is done: every service file loaded, the MCP routes mounted. */
    public static ReadinessCheck startup(StartupReadiness startup) {
        return new ReadinessCheck("startup", () -> startup.isReady() ? null : "in_progress");
    }

    /** Up unless a service that must serve is down or cannot run here ({@code notServing} names them). */
    public static ReadinessCheck services(Supplier<List<String>> notServing) {
        return new ReadinessCheck("services", () -> {
            List<String> failing = notServing.get();
            return failing.isEmpty() ? null : "not_serving: " + String.join(",", failing);
        });
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String failure = problem.get();
        if (failure == null) {
            builder.up();
        } else {
            builder.message(failure).down();
        }
    }
}
