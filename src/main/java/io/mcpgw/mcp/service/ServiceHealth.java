package io.mcpgw.mcp.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.http.HttpReplies;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.session.McpBackend;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health/services} and {@code GET /health/services/{service}}: each running service is probed with an
 * {@code initialize} (its {@code protocolVersion}) on a short-lived child of its own, which is always reaped, win or
 * lose; a native service is probed
 * through its {@code mcp-native-rpc} route on a throw-away backend. A service whose command is missing is
 * "unavailable" (reported, not a failure); one whose probe fails is "down" and makes the answer 503. Rejected service
 * files are listed, by file name, with their problems.
 *
 * <p>Rules: an HTTP request never starts a probe — requests answer from the results of the last round, which a timer
 * runs every {@code interval} (one service after the other, one child at a time); a service not probed yet is
 * "pending". So anonymous callers cannot make the gateway spawn processes, however often they ask. No answer names an
 * absolute path of the host ({@link #withoutAbsolutePaths}).
 */
public final class ServiceHealth {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceHealth.class);
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.:/])/(?:[^\\s/'\"()]+/)*([^\\s/'\"()]*)");

    private final McpServices services;
    private final Executor executor;
    private final Duration timeout;
    private final Duration killGrace;
    private final Duration interval;
    private final Map<String, Map<String, Object>> results = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final AtomicLong probesStarted = new AtomicLong();

    public ServiceHealth(McpServices services, Executor executor, Duration timeout, Duration killGrace, Duration interval) {
        this.services = services;
        this.executor = executor;
        this.timeout = timeout;
        this.killGrace = killGrace;
        this.interval = interval;
    }

    /** Starts the probe rounds: one now, then one every {@code interval} after the previous one ended. */
    public void start(ScheduledExecutorService timer) {
        timer.scheduleWithFixedDelay(() -> executor.execute(this::refresh), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One probe round over every running service (skipped while the previous round still runs). */
    void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            results.keySet().retainAll(services.all().keySet());
            services.all().forEach((name, runtime) -> results.put(name, run(runtime)));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            // the gateway is stopping
        } catch (RuntimeException e) {
            LOG.warn("event=health_round_failed error={}", e.toString());
        } finally {
            refreshing.set(false);
        }
    }

    /** Probe children started since the gateway started (for tests and diagnostics). */
    public long probesStarted() {
        return probesStarted.get();
    }

    /**
     * The services the last probe round found down, or that cannot run here (unavailable), sorted; a service not
     * probed yet is not listed. Readiness of a {@code services} container ({@code /health/ready}).
     */
    public java.util.List<String> notServing() {
        return services.all().keySet().stream().sorted()
                .filter(name -> {
                    Object status = result(name).get("status");
                    return "down".equals(status) || "unavailable".equals(status);
                }).toList();
    }

    public void all(Exchange exchange) {
        exchange.getMessage().removeHeaders("*");
        Map<String, Object> list = new LinkedHashMap<>();
        boolean down = false;
        for (String name : services.all().keySet()) {
            Map<String, Object> r = result(name);
            down |= "down".equals(r.get("status"));
            list.put(name, r);
        }
        Map<String, Object> rejected = new LinkedHashMap<>();
        services.rejectedFiles().forEach((file, problems) -> rejected.put(fileName(file),
                problems.stream().map(ServiceHealth::withoutAbsolutePaths).toList()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", down ? "degraded" : "ok");
        body.put("services", list);
        body.put("rejected_files", rejected);
        HttpReplies.json(exchange, down ? 503 : 200, body);
    }

    public void one(Exchange exchange) {
        String name = exchange.getMessage().getHeader("service", String.class);
        var running = services.find(name);
        exchange.getMessage().removeHeaders("*");
        if (running.isEmpty()) {
            HttpReplies.json(exchange, 404, Map.of("status", "unknown", "service", String.valueOf(name)));
            return;
        }
        Map<String, Object> r = result(name);
        HttpReplies.json(exchange, "down".equals(r.get("status")) ? 503 : 200, r);
    }

    private Map<String, Object> result(String name) {
        Map<String, Object> r = results.get(name);
        if (r != null) {
            return r;
        }
        // A service known to be unavailable at load (missing command or package) needs no probe to say why.
        var running = services.find(name);
        if (running.isPresent() && running.get().unavailable().isPresent()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("protocol_version", running.get().protocolVersion());
            out.put("status", "unavailable");
            out.put("reason", withoutAbsolutePaths(running.get().unavailable().get()));
            return out;
        }
        Map<String, Object> pending = new LinkedHashMap<>();
        pending.put("status", "pending");
        pending.put("reason", "not probed yet; probes run every " + interval.toSeconds() + " s");
        return pending;
    }

    /** Absolute paths in a reason become their last segment ({@code /srv/app/node_modules} → {@code node_modules}). */
    public static String withoutAbsolutePaths(String text) {
        return text == null ? null : ABSOLUTE_PATH.matcher(text).replaceAll("$1");
    }

    private static String fileName(Object file) {
        String name = String.valueOf(file);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return slash < 0 ? name : name.substring(slash + 1);
    }

    private Map<String, Object> run(ServiceRuntime runtime) {
        Map<String, Object> out = new LinkedHashMap<>();
        String version = runtime.protocolVersion();
        out.put("protocol_version", version);
        if (runtime.unavailable().isPresent()) {
            out.put("status", "unavailable");
            out.put("reason", withoutAbsolutePaths(runtime.unavailable().get()));
            return out;
        }
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        McpBackend child = null;
        long start = System.nanoTime();
        McpBackend.Listener listener = new McpBackend.Listener() {
            @Override
            public void onMessage(ObjectNode message) {
                if (JsonRpc.kind(message) == JsonRpc.Kind.RESPONSE) {
                    answer.complete(message);
                }
            }

            @Override
            public void onExit(int exitCode) {
                answer.completeExceptionally(new IllegalStateException("exited with code " + exitCode));
            }
        };
        probesStarted.incrementAndGet();
        try {
            child = runtime.start("health-probe", listener);
            child.send(initialize(version));
            ObjectNode response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String answered = response.at("/result/protocolVersion").asText(null);
            boolean ok = version.equals(answered);
            out.put("status", ok ? "up" : "down");
            if (!ok) {
                out.put("reason", answered == null ? "initialize failed" : "answered protocol version " + answered);
            }
            out.put("initialize_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (Exception e) {
            out.put("status", "down");
            out.put("reason", e instanceof java.util.concurrent.TimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                    : withoutAbsolutePaths(String.valueOf(e.getMessage())));
        } finally {
            if (child != null) {
                child.close(killGrace, executor).join();
            }
        }
        return out;
    }

    private static ObjectNode initialize(String version) {
        ObjectNode msg = JsonNodeFactory.instance.objectNode();
        msg.put("jsonrpc", "2.0");
        msg.put("id", 1);
        msg.put("method", "initialize");
        ObjectNode params = msg.putObject("params");
        params.put("protocolVersion", version);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "mcp-oauth-gateway-health").put("version", "1");
        return msg;
    }
}
