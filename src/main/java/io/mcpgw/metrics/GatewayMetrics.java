package io.mcpgw.metrics;

import io.mcpgw.mcp.session.McpMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's meters, in one Prometheus registry per gateway (Camel's route timers share it). Names as scraped:
 * <ul>
 *   <li>{@code mcpgw_verify_total{outcome}}: {@code /verify} answers — allowed, bad_request, unauthorized, forbidden,
 *       not_found, unavailable, other;</li>
 *   <li>{@code mcpgw_token_grants_total{grant_type,result}}: {@code /token} — grant type authorization_code,
 *       refresh_token or other; result issued or the OAuth error code;</li>
 *   <li>{@code mcpgw_registrations_total{result}}: {@code POST /register} — registered, rejected, rate_limited;</li>
 *   <li>{@code mcpgw_mcp_sessions{service}}, {@code mcpgw_mcp_children{service}}: live MCP sessions and stdio
 *       children; {@code mcpgw_mcp_child_crashes_total{service}}: children that exited on their own with a
 *       non-zero code;</li>
 *   <li>{@code mcpgw_store_operations_seconds{operation}} (count, sum, max) and
 *       {@code mcpgw_store_errors_total{operation}}: the state store;</li>
 *   <li>{@code mcpgw_http_responses_total{status_class}} and {@code mcpgw_http_rejections_total{status}} (429 and
 *       503): every HTTP answer of the public listener;</li>
 *   <li>{@code camel_route_policy_seconds{routeId}} and the other {@code camel_*} meters: requests and latency per
 *       route (only with a metrics endpoint, {@code METRICS_PORT}); {@code jvm_*}, {@code process_*},
 *       {@code system_*}.</li>
 * </ul>
 * Rules: every label value comes from a fixed set or a service name (never from request data), so a client cannot
 * grow the number of series; recording on the request path is a lookup in a small array or map and an atomic add.
 */
public final class GatewayMetrics implements McpMeters {
    static final String[] VERIFY_OUTCOMES = {"allowed", "bad_request", "unauthorized", "forbidden", "not_found",
        "unavailable", "other"};
    static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token");
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter[] verify = new Counter[VERIFY_OUTCOMES.length];
    private final Counter[] responses = new Counter[STATUS_CLASSES.length];
    private final Counter tooManyRequests;
    private final Counter unavailable;
    private final Map<String, Counter> grants = new ConcurrentHashMap<>();
    private final Map<String, Counter> registrations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> children = new ConcurrentHashMap<>();
    private final Map<String, Counter> crashes = new ConcurrentHashMap<>();

    public GatewayMetrics() {
        for (int i = 0; i < VERIFY_OUTCOMES.length; i++) {
            verify[i] = Counter.builder("mcpgw.verify").description("ForwardAuth /verify answers by outcome")
                    .tag("outcome", VERIFY_OUTCOMES[i]).register(registry);
        }
        for (int i = 0; i < STATUS_CLASSES.length; i++) {
            responses[i] = Counter.builder("mcpgw.http.responses").description("HTTP answers by status class")
                    .tag("status_class", STATUS_CLASSES[i]).register(registry);
        }
        tooManyRequests = rejection("429");
        unavailable = rejection("503");
        for (String result : new String[] {"registered", "rejected", "rate_limited"}) {
            registration(result);
        }
        for (String type : GRANT_TYPES) {
            grantCounter(type, "issued");
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private Counter rejection(String status) {
        return Counter.builder("mcpgw.http.rejections").description("HTTP 429 and 503 answers (limits, overload)")
                .tag("status", status).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** One {@code /verify} answer with HTTP status {@code status}. */
    public void verified(int status) {
        int i = switch (status) {
            case 200 -> 0;
            case 400 -> 1;
            case 401 -> 2;
            case 403 -> 3;
            case 404 -> 4;
            case 503 -> 5;
            default -> 6;
        };
        verify[i].increment();
    }

    /** One HTTP answer of the public listener. */
    public void responded(int status) {
        int cls = status / 100 - 1;
        if (cls >= 0 && cls < responses.length) {
            responses[cls].increment();
        }
        if (status == 429) {
            tooManyRequests.increment();
        } else if (status == 503) {
            unavailable.increment();
        }
    }

    /**
     * One {@code /token} grant: {@code result} is {@code issued} or the OAuth error code (a fixed set written by the
     * gateway); an unknown or missing {@code grantType} is counted as {@code other}.
     */
    public void grant(String grantType, String result) {
        String type = grantType != null && GRANT_TYPES.contains(grantType) ? grantType : "other";
        grantCounter(type, result).increment();
    }

    private Counter grantCounter(String type, String result) {
        return grants.computeIfAbsent(type + '\n' + result, k -> Counter.builder("mcpgw.token.grants")
                .description("/token requests by grant type and result").tag("grant_type", type).tag("result", result)
                .register(registry));
    }

    /** One {@code POST /register}: registered, rejected or rate_limited. */
    public void registered(String result) {
        registration(result).increment();
    }

    private Counter registration(String result) {
        return registrations.computeIfAbsent(result, r -> Counter.builder("mcpgw.registrations")
                .description("dynamic client registrations by result").tag("result", r).register(registry));
    }

    /** The store's meters around {@code store}. */
    public io.mcpgw.store.StateStore metered(io.mcpgw.store.StateStore store) {
        return new MeteredStateStore(store, registry);
    }

    @Override
    public void sessionOpened(String service) {
        live(sessions, "mcpgw.mcp.sessions", "live MCP sessions", service).incrementAndGet();
    }

    @Override
    public void sessionEnded(String service) {
        live(sessions, "mcpgw.mcp.sessions", "live MCP sessions", service).decrementAndGet();
    }

    @Override
    public void childStarted(String service) {
        live(children, "mcpgw.mcp.children", "live stdio child processes", service).incrementAndGet();
        crashes(service);
    }

    @Override
    public void childExited(String service, boolean crashed) {
        live(children, "mcpgw.mcp.children", "live stdio child processes", service).decrementAndGet();
        if (crashed) {
            crashes(service).increment();
        }
    }

    private Counter crashes(String service) {
        return crashes.computeIfAbsent(service, s -> Counter.builder("mcpgw.mcp.child.crashes")
                .description("stdio children that exited on their own with a non-zero code").tag("service", s)
                .register(registry));
    }

    private AtomicInteger live(Map<String, AtomicInteger> values, String name, String description, String service) {
        return values.computeIfAbsent(service, s -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(name, value, AtomicInteger::get).description(description).tag("service", s)
                    .register(registry);
            return value;
        });
    }

    public void close() {
        registry.close();
    }
}
