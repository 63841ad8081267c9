package io.mcpgw.config;

import static io.mcpgw.config.EnvVars.AUDIT_LOG_FILE;
import static io.mcpgw.config.EnvVars.GATEWAY_LOG_FORMAT;
import static io.mcpgw.config.EnvVars.METRICS_BIND;
import static io.mcpgw.config.EnvVars.METRICS_PATH;
import static io.mcpgw.config.EnvVars.METRICS_PORT;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the gateway is watched: the Prometheus endpoint, the log line format and the audit log file.
 *
 * <p>Rules: the metrics endpoint exists only when {@code METRICS_PORT} is set (0 = a free port), on
 * {@code METRICS_BIND} (default loopback) and {@code METRICS_PATH} (default {@code /metrics}, a plain absolute path);
 * it is its own listener, never a route of the public HTTP server, so a reverse proxy that forwards the gateway port
 * never exposes it. {@code GATEWAY_LOG_FORMAT} is {@code text} (key=value lines, the default) or {@code json}; it
 * is read by logback itself and checked here so a typo stops start-up instead of silently logging text.
 * {@code AUDIT_LOG_FILE}, when set, must name a file in an existing directory: the audit events are appended there
 * too.
 *
 * @param metrics      present when {@code METRICS_PORT} is set
 * @param logFormat    {@code text} or {@code json}
 * @param auditLogFile where the audit events are appended besides standard output
 */
public record Observability(Optional<Metrics> metrics, String logFormat, Optional<Path> auditLogFile) {
    public static final String DEFAULT_METRICS_BIND = "127.0.0.1";
    public static final String DEFAULT_METRICS_PATH = "/metrics";
    private static final Pattern PLAIN_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    /** No metrics endpoint, text logs, no audit file. */
    public static final Observability DEFAULT = new Observability(Optional.empty(), "text", Optional.empty());

    /** The Prometheus endpoint: {@code http://bind:port/path}. */
    public record Metrics(String bind, int port, String path) {
    }

    static Observability read(Env env, Path workingDir, ProblemList problems) {
        Optional<Integer> port = env.get(METRICS_PORT).flatMap(v -> problems.check(METRICS_PORT, v,
                () -> NumberRules.intInRange(v, 0, 65535, " (0 = a random free port; unset = no metrics endpoint)")));
        String bind = env.get(METRICS_BIND).flatMap(v -> problems.check(METRICS_BIND, v, () -> HostRules.bindAddress(v)))
                .orElse(DEFAULT_METRICS_BIND);
        String path = env.get(METRICS_PATH).flatMap(v -> problems.check(METRICS_PATH, v, () -> metricsPath(v)))
                .orElse(DEFAULT_METRICS_PATH);
        String format = env.get(GATEWAY_LOG_FORMAT).flatMap(v -> problems.check(GATEWAY_LOG_FORMAT, v,
                () -> logFormat(v))).orElse("text");
        Optional<Path> audit = env.get(AUDIT_LOG_FILE).flatMap(v -> problems.check(AUDIT_LOG_FILE, v,
                () -> auditFile(v, workingDir)));
        return new Observability(port.map(p -> new Metrics(bind, p, path)), format, audit);
    }

    static String metricsPath(String value) {
        if (!PLAIN_PATH.matcher(value).matches() || value.contains("/./") || value.contains("/../")
                || value.endsWith("/.") || value.endsWith("/..")) {
            throw new BadValue("must be an absolute path of letters, digits and . _ ~ - segments, e.g. /metrics");
        }
        return value;
    }

    static String logFormat(String value) {
        if (!value.equals("text") && !value.equals("json")) {
            throw new BadValue("must be text (key=value lines) or json (one JSON object per line), in lower case");
        }
        return value;
    }

    static Path auditFile(String value, Path workingDir) {
        Path file;
        try {
            file = workingDir.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new BadValue("is not a valid file path");
        }
        if (Files.isDirectory(file)) {
            throw new BadValue("is a directory; name a file, e.g. /var/log/mcp-gateway/audit.log");
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadValue("must be in an existing directory");
        }
        if (!Files.isWritable(dir) && !Files.isWritable(file)) {
            throw new BadValue("is not writable by the gateway's user");
        }
        return file;
    }
}
