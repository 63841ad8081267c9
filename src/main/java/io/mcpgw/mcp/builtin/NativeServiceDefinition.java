package io.mcpgw.mcp.builtin;

import static io.mcpgw.mcp.service.ServiceParameter.Kind.DURATION;
import static io.mcpgw.mcp.service.ServiceParameter.Kind.LIST;
import static io.mcpgw.mcp.service.ServiceParameter.Kind.TEXT;
import static io.mcpgw.mcp.service.ServiceParameter.Kind.VERSION;
import static io.mcpgw.mcp.service.ServiceParameter.number;
import static io.mcpgw.mcp.service.ServiceParameter.of;

import io.mcpgw.mcp.jsonrpc.ProtocolVersions;
import io.mcpgw.mcp.service.InvalidServiceException;
import io.mcpgw.mcp.service.ServiceIdentity;
import io.mcpgw.mcp.service.ServiceParameter;
import io.mcpgw.mcp.service.ServiceParameters;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A service implemented in the gateway ({@code backend: native}), checked as a whole: every problem is reported at
 * once, unknown keys included. The limits configure the {@code fetch} tools (and bound the {@code tmux} tools:
 * {@code timeout} per tmux command, {@code maxBytes} of its output).
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

    public static final String BACKEND = "native";
    /** Tool ids ({@link NativeTool#id()}): what {@code tools} may name. */
    public static final Set<String> KNOWN_TOOLS = Set.of("fetch", "fetch-reference",
            "get_current_time", "convert_time",
            "list-sessions", "find-session", "list-windows", "list-panes", "capture-pane", "create-session",
            "create-window", "execute-command", "get-command-result");
    /** The keys of a native service file, with their titles, descriptions and defaults. */
    public static final List<ServiceParameter> PARAMETERS = Stream.concat(ServiceParameter.COMMON.stream(), Stream.of(
            of("tools", "Tools", "The built-in tools the service offers, by id: fetch; fetch-reference (the fetch"
                    + " service's), get_current_time, convert_time and the nine tmux tools.", LIST, List.of("fetch")),
            of("serverVersion", "Server version", "serverInfo.version of the initialize result.", TEXT, "0.1.0"),
            of("protocolVersion", "Protocol version", "The version the health probe asks for; clients get the one"
                    + " they ask for when the gateway speaks it.", VERSION, ProtocolVersions.LATEST),
            number("maxBytes", "Response limit", "fetch: response bodies are cut after this many bytes; tmux: output"
                    + " kept per command.", 1_048_576,
                    1, 64L * 1024 * 1024),
            of("timeout", "Timeout", "fetch: total time of one fetch, redirects and body included; tmux: one tmux"
                    + " command.", DURATION,
                    Duration.ofSeconds(30)),
            of("connectTimeout", "Connect timeout", "fetch: TCP (and TLS) connect time of one hop.", DURATION,
                    Duration.ofSeconds(10)),
            number("maxRedirects", "Redirects", "fetch: redirects followed, each re-checked; one more is an error.",
                    5, 0, 20),
            of("userAgent", "User agent", "fetch: the User-Agent header sent.", TEXT,
                    "ModelContextProtocol/1.0 (Fetch Server; mcp-oauth-gateway fetchs)"),
            of("localTimezone", "Local timezone", "time: the IANA zone the tools name as local; empty: the"
                    + " gateway's (TZ, else the system's).", TEXT, ""))).toList();

    /** @throws InvalidServiceException listing every problem */
    public static NativeServiceDefinition parse(String name, Map<String, ?> raw, UnaryOperator<String> resolve) {
        List<String> problems = new ArrayList<>();
        ServiceParameters v = ServiceParameters.read(raw, PARAMETERS, resolve, problems);
        List<String> tools = v.list("tools");
        if (tools.isEmpty()) {
            problems.add("tools (Tools): must name at least one of " + KNOWN_TOOLS);
        }
        tools.stream().filter(t -> !KNOWN_TOOLS.contains(t))
                .forEach(t -> problems.add("tools (Tools): unknown tool '" + t + "' (known: " + KNOWN_TOOLS + ")"));
        if (v.text("serverVersion").isEmpty()) {
            problems.add("serverVersion (Server version): must not be empty");
        }
        String userAgent = v.text("userAgent");
        if (userAgent.isEmpty() || userAgent.chars().anyMatch(c -> c >= 0x7f)) {
            problems.add("userAgent (User agent): must be non-empty visible ASCII");
        }
        String localTimezone = v.text("localTimezone");
        if (!localTimezone.isEmpty() && !ZoneId.getAvailableZoneIds().contains(localTimezone)) {
            problems.add("localTimezone (Local timezone): '" + localTimezone + "' is not a known IANA timezone name");
        }
        if (!problems.isEmpty()) {
            throw new InvalidServiceException(name, problems);
        }
        return new NativeServiceDefinition(name, List.copyOf(tools), v.text("serverVersion"), v.text("protocolVersion"),
                (int) v.number("maxSessionsPerUser"), v.number("maxBytes"), v.duration("timeout"),
                v.duration("connectTimeout"), (int) v.number("maxRedirects"), userAgent, localTimezone);
    }
}
