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
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;

/**
 * {@code GET /health/services} and {@code GET /health/services/{service}}: each running service is probed with an
 * {@code initialize} (its {@code protocolVersion}) on a short-lived child of its own, which is always reaped, win or
 * lose; a native service is probed through its {@code mcp-native-rpc} route on a throw-away backend. Results are cached briefly
 * and concurrent probes of one service share one child. A service whose command is missing is "unavailable"
 * (reported, not a failure); one whose probe fails is "down" and makes the answer 503. Rejected service files are
 * listed with their problems.
 */
public final class ServiceHealth {
    private record Result(Map<String, Object> body, long atNanos) {
    }

    private final McpServices services;
    private final Executor executor;
    private final Duration timeout;
    private final Duration killGrace;
    private final Duration cacheFor;
    private final Map<String, CompletableFuture<Result>> results = new ConcurrentHashMap<>();

    public ServiceHealth(McpServices services, Executor executor, Duration timeout, Duration killGrace, Duration cacheFor) {
        this.services = services;
        this.executor = executor;
        this.timeout = timeout;
        this.killGrace = killGrace;
        this.cacheFor = cacheFor;
    }

    public void all(Exchange exchange) {
        Map<String, CompletableFuture<Result>> probes = new LinkedHashMap<>();
        services.all().forEach((name, runtime) -> probes.put(name, probe(name, runtime)));
        Map<String, Object> list = new LinkedHashMap<>();
        boolean down = false;
        for (var e : probes.entrySet()) {
            Map<String, Object> r = e.getValue().join().body();
            down |= "down".equals(r.get("status"));
            list.put(e.getKey(), r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", down ? "degraded" : "ok");
        body.put("services", list);
        body.put("rejected_files", services.rejectedFiles());
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
        Map<String, Object> r = probe(name, running.get()).join().body();
        HttpReplies.json(exchange, "down".equals(r.get("status")) ? 503 : 200, r);
    }

    private CompletableFuture<Result> probe(String name, ServiceRuntime runtime) {
        return results.compute(name, (k, previous) -> {
            if (previous != null && (!previous.isDone()
                    || System.nanoTime() - previous.join().atNanos() < cacheFor.toNanos())) {
                return previous;
            }
            return CompletableFuture.supplyAsync(() -> new Result(run(runtime), System.nanoTime()), executor);
        });
    }

    private Map<String, Object> run(ServiceRuntime runtime) {
        Map<String, Object> out = new LinkedHashMap<>();
        String version = runtime.protocolVersion();
        out.put("protocol_version", version);
        if (runtime.unavailable().isPresent()) {
            out.put("status", "unavailable");
            out.put("reason", runtime.unavailable().get());
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
                    : String.valueOf(e.getMessage()));
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
