package io.mcpgw.mcp.stdio;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one child: the argument vector (program first, never a shell), its complete environment and its
 * working directory. Built only from a service definition, never from request data.
 */
public record LaunchSpec(List<String> argv, Map<String, String> env, Path workingDir) {
    public LaunchSpec {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must name a program");
        }
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }
}
