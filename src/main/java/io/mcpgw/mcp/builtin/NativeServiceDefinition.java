package io.mcpgw.mcp.builtin;

import io.mcpgw.mcp.service.InvalidServiceException;
import io.mcpgw.mcp.service.ServiceDefinition;
import io.mcpgw.mcp.service.ServiceIdentity;
import io.mcpgw.mcp.service.TemplateParameters;
import io.mcpgw.mcp.transport.ProtocolVersions;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of one {@code mcp-native-service} templated route (a service implemented in the gateway), checked
 * as a whole like {@link ServiceDefinition}: every problem is reported at once, unknown parameters included.
 * The limits configure the {@code fetch} tools (and bound the {@code tmux} tools: {@code timeout} per tmux command,
 * {@code maxBytes} of its output); durations are ISO-8601 ({@code PT30S}) or whole seconds.
 *
 * @param tools            the built-in tools the service offers, by id ({@link #KNOWN_TOOLS})
 * @param serverVersion    {@code serverInfo.version} of the initialize result
 * @param protocolVersion  the version the health probe asks for
 * @param maxBytes         response bodies are cut after this many bytes
 * @param timeout          total time of one fetch, redirects and body included
 * @param connectTimeout   TCP (and TLS) connect time of one hop
 * @param maxRedirects     redirects followed (each re-checked); one more is an error
 * @param localTimezone    the IANA zone the {@code time} tools name as local; empty: the gateway's zone
 *                         ({@code TZ}, else the system's)
 */
public record NativeServiceDefinition(String name, List<String> tools, String serverVersion, String protocolVersion,
                                      int maxSessionsPerUser, long maxBytes, Duration timeout, Duration connectTimeout,
                                      int maxRedirects, String userAgent, String localTimezone)
        implements ServiceIdentity {

    public static final String TEMPLATE = "mcp-native-service";
    /** Tool ids ({@link NativeTool#id()}): what {@code tools} may name. */
    public static final Set<String> KNOWN_TOOLS = Set.of("fetch", "fetch-reference",
            "get_current_time", "convert_time",
            "list-sessions", "find-session", "list-windows", "list-panes", "capture-pane", "create-session",
            "create-window", "execute-command", "get-command-result");
    /** Parameter name → default ({@code null} = required). The contract of the template. */
    public static final Map<String, String> PARAMETERS;

    static {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", null);
        p.put("tools", "fetch");
        p.put("serverVersion", "0.1.0");
        p.put("protocolVersion", "2025-11-25");
        p.put("maxSessionsPerUser", "0");
        p.put("maxBytes", "1048576");
        p.put("timeout", "PT30S");
        p.put("connectTimeout", "PT10S");
        p.put("maxRedirects", "5");
        p.put("userAgent", "ModelContextProtocol/1.0 (Fetch Server; mcp-oauth-gateway fetchs)");
        p.put("localTimezone", "");
        PARAMETERS = Collections.unmodifiableMap(p);
    }

    /** @throws InvalidServiceException listing every problem */
    public static NativeServiceDefinition parse(Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        Map<String, String> v = TemplateParameters.resolve(raw, PARAMETERS, problems);
        String name = v.get("name");
        List<String> tools = new ArrayList<>();
        for (String t : v.get("tools").replaceAll("[\\[\\]\"]", "").split(",")) {
            if (!t.isBlank()) {
                tools.add(t.trim());
            }
        }
        if (tools.isEmpty()) {
            problems.add("tools must name at least one of " + KNOWN_TOOLS);
        }
        tools.stream().filter(t -> !KNOWN_TOOLS.contains(t))
                .forEach(t -> problems.add("unknown tool '" + t + "' (known: " + KNOWN_TOOLS + ")"));
        String version = v.get("protocolVersion");
        if (!ProtocolVersions.SUPPORTED.contains(version)) {
            problems.add("protocolVersion '" + version + "' is not one of " + ProtocolVersions.SUPPORTED);
        }
        String serverVersion = v.get("serverVersion");
        if (serverVersion.isEmpty() || serverVersion.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add("serverVersion must be a non-empty string without control characters");
        }
        String userAgent = v.get("userAgent");
        if (userAgent.isEmpty() || userAgent.chars().anyMatch(c -> c < 0x20 || c >= 0x7f)) {
            problems.add("userAgent must be non-empty visible ASCII");
        }
        int maxSessions = (int) number(v, "maxSessionsPerUser", 0, 1_000_000, problems);
        long maxBytes = number(v, "maxBytes", 1, 64L * 1024 * 1024, problems);
        int maxRedirects = (int) number(v, "maxRedirects", 0, 20, problems);
        Duration timeout = duration(v, "timeout", problems);
        Duration connectTimeout = duration(v, "connectTimeout", problems);
        String localTimezone = v.get("localTimezone");
        if (!localTimezone.isEmpty()) {
            if (!ZoneId.getAvailableZoneIds().contains(localTimezone)) {
                problems.add("localTimezone '" + localTimezone + "' is not a known IANA timezone name");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidServiceException(name, problems);
        }
        return new NativeServiceDefinition(name, List.copyOf(tools), serverVersion, version, maxSessions, maxBytes,
                timeout, connectTimeout, maxRedirects, userAgent, localTimezone);
    }

    private static long number(Map<String, String> v, String key, long min, long max, List<String> problems) {
        try {
            long n = Long.parseLong(v.get(key));
            if (n < min || n > max) {
                problems.add(key + " must be between " + min + " and " + max + " (found " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(key + " '" + v.get(key) + "' is not a whole number");
            return 0;
        }
    }

    private static Duration duration(Map<String, String> v, String key, List<String> problems) {
        String text = v.get(key);
        try {
            Duration d = text.chars().allMatch(Character::isDigit) && !text.isEmpty()
                    ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text);
            if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
                problems.add(key + " must be more than 0 and at most 10 minutes (found " + text + ")");
            }
            return d;
        } catch (DateTimeParseException | NumberFormatException e) {
            problems.add(key + " '" + text + "' is not a duration (PT30S or a number of seconds)");
            return Duration.ZERO;
        }
    }
}
