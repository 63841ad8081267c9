package io.mcpgw.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The {@code gateway.*} tunables: Camel properties (defaults in {@code application.properties}; override them as
 * any Camel property, e.g. {@code -Dgateway.mcp.kill-grace=PT5S}, a JBang properties file or
 * {@code camel run --property}), usable as {@code {{gateway.…}}} placeholders in routes and service files, and
 * validated by {@link SettingsLoader} in the same problem list as the environment variables. Rule: each one is set,
 * and numbers and durations are in range; a bad one is reported by property name with the value, never as a
 * stack trace.
 *
 * @param workerPoolSize           {@code gateway.http.worker-pool-size}: Vert.x worker threads
 * @param httpRegistrationBodyBytes {@code gateway.http.registration-body-bytes}
 * @param httpFormBodyBytes        {@code gateway.http.form-body-bytes}
 * @param httpBodyReadTimeout      {@code gateway.http.body-read-timeout}
 * @param mcpMaxBodyBytes          {@code gateway.mcp.max-body-bytes}: larger MCP POST bodies get 413
 * @param mcpMaxBodyBytesInFlight  {@code gateway.mcp.max-body-bytes-in-flight}
 * @param mcpMaxBatchLength        {@code gateway.mcp.max-batch-length}
 * @param mcpMaxInFlightPerSession {@code gateway.mcp.max-in-flight-per-session}
 * @param mcpMaxPostResponseBytes  {@code gateway.mcp.max-post-response-bytes}
 * @param mcpSseMaxQueuedBytes     {@code gateway.mcp.sse-max-queued-bytes}
 * @param mcpSseStallTimeout       {@code gateway.mcp.sse-stall-timeout}
 * @param mcpRequestTimeout        {@code gateway.mcp.request-timeout}
 * @param mcpKillGrace             {@code gateway.mcp.kill-grace}
 * @param mcpNodeModules           {@code gateway.mcp.node-modules}
 * @param mcpDataDir               {@code gateway.mcp.data-dir}
 * @param mcpMaxMessageBytes       {@code gateway.mcp.max-message-bytes}
 * @param mcpStderrLinesPerSecond  {@code gateway.mcp.stderr-lines-per-second}
 * @param mcpBacklogLimit          {@code gateway.mcp.backlog-limit}
 * @param mcpBacklogBytes          {@code gateway.mcp.backlog-bytes}
 * @param mcpRetryAfterSeconds     {@code gateway.mcp.retry-after-seconds}
 * @param mcpHealthTimeout         {@code gateway.mcp.health-timeout}
 * @param mcpHealthInterval        {@code gateway.mcp.health-interval}
 * @param mcpNativeThreads         {@code gateway.mcp.native-threads}
 * @param fetchsAllowPrivate       {@code gateway.fetchs.allow-private}
 * @param mcpReplayBufferBytes     {@code gateway.mcp.replay-buffer-bytes}: events one resumable SSE stream keeps
 * @param mcpReplayBufferAge       {@code gateway.mcp.replay-buffer-age}: how long they are kept
 * @param mcpSsePrimeAfter         {@code gateway.mcp.sse-prime-after}: when an unanswered request's SSE stream opens
 * @param httpNativeTransport      {@code gateway.http.native-transport}: Netty's epoll transport where it loads
 * @param httpEventLoops           {@code gateway.http.event-loops}: HTTP event loops, 0 = one per core but one
 */
public record GatewayTunables(int workerPoolSize, int httpRegistrationBodyBytes, int httpFormBodyBytes,
                              Duration httpBodyReadTimeout, long mcpMaxBodyBytes, long mcpMaxBodyBytesInFlight,
                              int mcpMaxBatchLength, int mcpMaxInFlightPerSession, long mcpMaxPostResponseBytes,
                              long mcpSseMaxQueuedBytes, Duration mcpSseStallTimeout, Duration mcpRequestTimeout,
                              Duration mcpKillGrace, String mcpNodeModules, String mcpDataDir, int mcpMaxMessageBytes,
                              int mcpStderrLinesPerSecond, int mcpBacklogLimit, long mcpBacklogBytes,
                              int mcpRetryAfterSeconds, Duration mcpHealthTimeout, Duration mcpHealthInterval,
                              int mcpNativeThreads, boolean fetchsAllowPrivate, long mcpReplayBufferBytes,
                              Duration mcpReplayBufferAge, Duration mcpSsePrimeAfter, boolean httpNativeTransport,
                              int httpEventLoops) {
    static final Duration MAX_DURATION = Duration.ofDays(1);

    /**
     * The HTTP event loops to run: {@link #httpEventLoops}, or when it is 0 one per core but one (at least one): the
     * gateway always shares its machine — with its stdio MCP children, the JVM's collector and compiler, and in the
     * shipped deployment Traefik and Redis — and loops that fill every core make those wait, and the loops with them.
     */
    public int httpEventLoopCount() {
        return httpEventLoops > 0 ? httpEventLoops : defaultEventLoops(Runtime.getRuntime().availableProcessors());
    }

    /** One event loop per core but one, at least one. */
    static int defaultEventLoops(int cores) {
        return Math.max(1, cores - 1);
    }

    /**
     * The tunables as {@code properties} resolves them, problems recorded in {@code problems} (the result is then
     * not used: {@link ProblemList#throwIfAny} throws first).
     */
    static GatewayTunables read(Function<String, Optional<String>> properties, ProblemList problems) {
        Reader r = new Reader(properties, problems);
        return new GatewayTunables(
                r.integer("gateway.http.worker-pool-size", 1, 10_000),
                r.integer("gateway.http.registration-body-bytes", 1024, Integer.MAX_VALUE),
                r.integer("gateway.http.form-body-bytes", 1024, Integer.MAX_VALUE),
                r.duration("gateway.http.body-read-timeout"),
                r.integer("gateway.mcp.max-body-bytes", 1024, Integer.MAX_VALUE),
                r.integer("gateway.mcp.max-body-bytes-in-flight", 1024, Integer.MAX_VALUE),
                r.integer("gateway.mcp.max-batch-length", 1, 10_000),
                r.integer("gateway.mcp.max-in-flight-per-session", 1, 10_000),
                r.integer("gateway.mcp.max-post-response-bytes", 1024, Integer.MAX_VALUE),
                r.integer("gateway.mcp.sse-max-queued-bytes", 1024, Integer.MAX_VALUE),
                r.duration("gateway.mcp.sse-stall-timeout"),
                r.duration("gateway.mcp.request-timeout"),
                r.duration("gateway.mcp.kill-grace"),
                r.text("gateway.mcp.node-modules"),
                r.text("gateway.mcp.data-dir"),
                r.integer("gateway.mcp.max-message-bytes", 1024, Integer.MAX_VALUE),
                r.integer("gateway.mcp.stderr-lines-per-second", 0, 100_000),
                r.integer("gateway.mcp.backlog-limit", 0, 1_000_000),
                r.integer("gateway.mcp.backlog-bytes", 0, Integer.MAX_VALUE),
                r.integer("gateway.mcp.retry-after-seconds", 1, 86_400),
                r.duration("gateway.mcp.health-timeout"),
                r.duration("gateway.mcp.health-interval"),
                r.integer("gateway.mcp.native-threads", 1, 1_000),
                r.bool("gateway.fetchs.allow-private"),
                r.integer("gateway.mcp.replay-buffer-bytes", 0, Integer.MAX_VALUE),
                r.duration("gateway.mcp.replay-buffer-age"),
                r.duration("gateway.mcp.sse-prime-after"),
                r.bool("gateway.http.native-transport"),
                r.integer("gateway.http.event-loops", 0, 256));
    }

    /**
     * The properties the jar runs with: {@code application.properties} from the class path, overridden by JVM
     * system properties ({@code -Dgateway.…}) and then by {@code overrides} (tests).
     */
    public static Function<String, Optional<String>> bundledProperties(Map<String, String> overrides) {
        Properties bundled = new Properties();
        try (InputStream in = GatewayTunables.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                bundled.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties", e);
        }
        return key -> Optional.ofNullable(overrides.get(key))
                .or(() -> Optional.ofNullable(System.getProperty(key)))
                .or(() -> Optional.ofNullable(bundled.getProperty(key)));
    }

    /** Reads one kind of value per method; a missing or bad value is a problem and a harmless placeholder. */
    private record Reader(Function<String, Optional<String>> properties, ProblemList problems) {

        Optional<String> raw(String key) {
            Optional<String> value = properties.apply(key).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                problems.add(key, "must be set (its default is in application.properties)");
            }
            return value;
        }

        int integer(String key, int min, int max) {
            return raw(key).flatMap(v -> problems.check(key, v,
                    () -> NumberRules.intInRange(v, min, max, ""))).orElse(min);
        }

        Duration duration(String key) {
            return raw(key).flatMap(v -> problems.check(key, v, () -> {
                Duration d;
                try {
                    d = Duration.parse(v);
                } catch (DateTimeParseException e) {
                    throw new BadValue("must be an ISO-8601 duration such as PT30S or PT0.5S");
                }
                if (d.isNegative() || d.compareTo(MAX_DURATION) > 0) {
                    throw new BadValue("must be from PT0S to P1D");
                }
                return d;
            })).orElse(Duration.ZERO);
        }

        String text(String key) {
            return raw(key).orElse("");
        }

        boolean bool(String key) {
            return raw(key).flatMap(v -> problems.check(key, v, () -> {
                if (!v.equals("true") && !v.equals("false")) {
                    throw new BadValue("must be true or false");
                }
                return Boolean.parseBoolean(v);
            })).orElse(false);
        }
    }
}
