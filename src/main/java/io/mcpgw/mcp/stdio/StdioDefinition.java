package io.mcpgw.mcp.stdio;

import static io.mcpgw.mcp.service.ServiceParameter.Kind.LIST;
import static io.mcpgw.mcp.service.ServiceParameter.Kind.MAP;
import static io.mcpgw.mcp.service.ServiceParameter.Kind.TEXT;
import static io.mcpgw.mcp.service.ServiceParameter.Kind.VERSION;
import static io.mcpgw.mcp.service.ServiceParameter.of;

import io.mcpgw.mcp.service.InvalidServiceException;
import io.mcpgw.mcp.service.ServiceIdentity;
import io.mcpgw.mcp.service.ServiceParameter;
import io.mcpgw.mcp.service.ServiceParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A service served by a stdio child per session ({@code backend: stdio}, the default), checked as a whole: every
 * problem is reported at once ({@link InvalidServiceException}), unknown keys included.
 *
 * <p>{@code {user}} (the user id made path-safe) and {@code {dataDir}} in args, env values, workingDir and
 * createDirs are replaced when a session's child is started; nothing else from a request ever reaches the command
 * line.
 *
 * <p>{@code deniedTools} names tools the gateway hides from {@code tools/list} and refuses in {@code tools/call}
 * ({@link io.mcpgw.mcp.service.ToolDenyList}), for servers that cannot switch a dangerous tool off themselves.
 *
 * @param maxSessionsPerUser 0 = only the gateway-wide per-user cap applies
 */
public record StdioDefinition(String name, String command, List<String> args, Map<String, String> env,
                              String workingDir, String protocolVersion, int maxSessionsPerUser,
                              List<String> createDirs, List<String> deniedTools) implements ServiceIdentity {

    public static final String BACKEND = "stdio";
    /** The keys of a stdio service file, with their titles, descriptions and defaults. */
    public static final List<ServiceParameter> PARAMETERS = Stream.concat(ServiceParameter.COMMON.stream(), Stream.of(
            of("command", "Command", "The program to run: npx <package>@<version> (run from node_modules, no"
                    + " download), uvx, node, or a path. Never a shell.", TEXT, null),
            of("args", "Arguments", "Its arguments; {user} and {dataDir} are replaced per session.", LIST, List.of()),
            of("env", "Environment", "Variables for the child on top of PATH, HOME, locale and TZ; the gateway's own"
                    + " secrets never reach it.", MAP, Map.of()),
            of("workingDir", "Working directory", "Where the child runs, relative to the gateway's working"
                    + " directory.", TEXT, "."),
            of("protocolVersion", "Protocol version", "The version the health probe's initialize asks for and"
                    + " expects back.", VERSION, "2025-06-18"),
            of("createDirs", "Directories to create", "Created before a session's child starts ({user},"
                    + " {dataDir} replaced).", LIST, List.of()),
            of("deniedTools", "Denied tools", "Tools the gateway hides from tools/list and refuses in tools/call"
                    + " (-32602), for servers that cannot switch a dangerous tool off themselves.", LIST, List.of())))
            .toList();

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** @throws InvalidServiceException listing every problem */
    public static StdioDefinition parse(String name, Map<String, ?> raw, UnaryOperator<String> resolve) {
        List<String> problems = new ArrayList<>();
        ServiceParameters v = ServiceParameters.read(raw, PARAMETERS, resolve, problems);
        String command = v.text("command");
        if (command != null && command.isBlank()) {
            problems.add("command (Command): must name a program");
        }
        v.map("env").keySet().stream().filter(k -> !ENV_NAME.matcher(k).matches())
                .forEach(k -> problems.add("env (Environment): '" + k + "' is not a valid variable name"));
        if (!problems.isEmpty()) {
            throw new InvalidServiceException(name, problems);
        }
        return new StdioDefinition(name, command, List.copyOf(v.list("args")), Map.copyOf(v.map("env")),
                v.text("workingDir"), v.text("protocolVersion"), (int) v.number("maxSessionsPerUser"),
                List.copyOf(v.list("createDirs")), List.copyOf(v.list("deniedTools")));
    }
}
