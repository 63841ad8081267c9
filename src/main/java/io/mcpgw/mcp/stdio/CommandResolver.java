package io.mcpgw.mcp.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a service's {@code command} + {@code args} into the argument vector to execute, or the reason it cannot
 * run on this machine (reported as "unavailable", never fatal).
 *
 * <p>{@code npx <package> args…} is resolved to {@code node <node_modules>/<package>/<bin> args…}: no network at
 * start-up (the package must be installed, pinned, in {@code gateway.mcp.node-modules}) and one process instead of
 * the {@code npx → sh → node} tree. A version in the spec ({@code pkg@1.2.3}) must be the installed one. Other programs are looked up on {@code PATH}; a path must be an executable
 * file.
 */
public final class CommandResolver {
    private final Path nodeModules;
    private final String path;

    public CommandResolver(Path nodeModules, String path) {
        this.nodeModules = nodeModules;
        this.path = path == null ? "" : path;
    }

    /** The argv (placeholders still in it), or empty with {@code reason[0]} set. */
    public Optional<List<String>> resolve(String command, List<String> args, String[] reason) {
        if (command.equals("npx")) {
            return npx(args, reason);
        }
        Optional<Path> program = program(command);
        if (program.isEmpty()) {
            reason[0] = "command '" + command + "' not found (PATH or file)";
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>();
        argv.add(program.get().toString());
        argv.addAll(args);
        return Optional.of(argv);
    }

    private Optional<List<String>> npx(List<String> args, String[] reason) {
        Iterator<String> it = args.iterator();
        String spec = null;
        while (it.hasNext()) {
            String a = it.next();
            if (!a.startsWith("-")) {
                spec = a;
                break;
            }
        }
        if (spec == null) {
            reason[0] = "npx needs a package name in args";
            return Optional.empty();
        }
        int at = spec.indexOf('@', spec.startsWith("@") ? 1 : 0);
        String pkg = at > 0 ? spec.substring(0, at) : spec;
        Path dir = nodeModules.resolve(pkg).normalize();
        if (!dir.startsWith(nodeModules) || !Files.isRegularFile(dir.resolve("package.json"))) {
            reason[0] = "npm package " + pkg + " is not installed in " + nodeModules + " (run npm ci)";
            return Optional.empty();
        }
        String pinned = at > 0 ? spec.substring(at + 1) : null;
        String installed = version(dir);
        if (pinned != null && !pinned.equals(installed)) {
            reason[0] = "npm package " + pkg + " " + installed + " is installed, the service pins " + pinned;
            return Optional.empty();
        }
        Optional<String> bin = bin(dir, pkg);
        Optional<Path> node = program("node");
        if (bin.isEmpty() || node.isEmpty()) {
            reason[0] = bin.isEmpty() ? "npm package " + pkg + " declares no single bin" : "node not found on PATH";
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>();
        argv.add(node.get().toString());
        argv.add(dir.resolve(bin.get()).normalize().toString());
        it.forEachRemaining(argv::add);
        return Optional.of(argv);
    }

    private static String version(Path dir) {
        try {
            return Json.parseUntrusted(Files.readString(dir.resolve("package.json"))).path("version").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private static Optional<String> bin(Path dir, String pkg) {
        try {
            JsonNode bin = Json.parseUntrusted(Files.readString(dir.resolve("package.json"))).get("bin");
            if (bin != null && bin.isTextual()) {
                return Optional.of(bin.textValue());
            }
            if (bin != null && bin.isObject()) {
                String plain = pkg.substring(pkg.lastIndexOf('/') + 1);
                if (bin.get(plain) != null) {
                    return Optional.of(bin.get(plain).asText());
                }
                if (bin.size() == 1) {
                    Map.Entry<String, JsonNode> only = bin.fields().next();
                    return Optional.of(only.getValue().asText());
                }
            }
        } catch (Exception e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private Optional<Path> program(String command) {
        if (command.contains("/")) {
            Path p = Path.of(command).toAbsolutePath().normalize();
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
