package io.mcpgw.mcp.stdio;

import io.mcpgw.config.ChildUser;
import io.mcpgw.mcp.service.ServiceRuntime;
import io.mcpgw.mcp.service.ToolDenyList;
import io.mcpgw.mcp.session.McpBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link LaunchSpec} of a service's child for one user. The environment is the service's own plus a
 * short allow-list from the gateway's (PATH, HOME, locale, TZ, TMPDIR): the gateway's secrets never reach a child.
 * {@code {user}} becomes the user id made path-safe (characters outside {@code [A-Za-z0-9._-]} replaced and a
 * hash suffix added when anything was replaced, so two users never share a path).
 */
public final class ServiceLauncher implements ServiceRuntime {
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
            "USER", "LOGNAME");

    private final StdioDefinition definition;
    private final Optional<List<String>> argv;
    private final String unavailableReason;
    private final Path dataDir;
    private final Path baseDir;
    private final Map<String, String> gatewayEnv;
    private final StdioLimits limits;
    private final Optional<ChildUser> childUser;

    /** @param childUser the user children run as (their HOME is its home; createDirs become its own) */
    public ServiceLauncher(StdioDefinition definition, CommandResolver resolver, Path dataDir, Path baseDir,
                           Map<String, String> gatewayEnv, StdioLimits limits, Optional<ChildUser> childUser) {
        this.childUser = childUser;
        this.definition = definition;
        this.limits = limits;
        String[] reason = new String[1];
        this.argv = resolver.resolve(definition.command(), definition.args(), reason);
        this.unavailableReason = reason[0];
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.gatewayEnv = gatewayEnv;
    }

    @Override
    public StdioDefinition definition() {
        return definition;
    }

    /** Why the service cannot run here; empty when its command was found. */
    @Override
    public Optional<String> unavailable() {
        return argv.isPresent() ? Optional.empty() : Optional.of(unavailableReason);
    }

    /** Starts the child of one session of {@code userId}, behind the service's tool deny-list when it has one. */
    @Override
    public McpBackend start(String userId, McpBackend.Listener listener) throws IOException {
        ToolDenyList denied = new ToolDenyList(definition.deniedTools(), listener);
        StdioProcess child = StdioProcess.start(specFor(userId), definition.name(), limits,
                denied.isEmpty() ? listener : denied);
        return denied.isEmpty() ? child : denied.around(child);
    }

    /** The child of {@code userId}'s session; creates the service's {@code createDirs} first. */
    public LaunchSpec specFor(String userId) throws IOException {
        List<String> program = argv.orElseThrow(() -> new IOException(unavailableReason));
        String user = pathSafe(userId);
        List<String> args = new ArrayList<>();
        program.forEach(a -> args.add(expand(a, user)));
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = gatewayEnv.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        childUser.ifPresent(u -> {
            env.put("HOME", u.home());
            env.remove("USER");
            env.remove("LOGNAME");
        });
        definition.env().forEach((k, v) -> env.put(k, expand(v, user)));
        for (String dir : definition.createDirs()) {
            Path created = Files.createDirectories(baseDir.resolve(expand(dir, user)));
            if (childUser.isPresent()) {
                Files.setAttribute(created, "unix:uid", childUser.get().uid());
                Files.setAttribute(created, "unix:gid", childUser.get().gid());
            }
        }
        return new LaunchSpec(childUser.map(u -> u.wrap(args)).orElse(args), env,
                baseDir.resolve(expand(definition.workingDir(), user)).normalize());
    }

    private String expand(String value, String user) {
        return value.replace("{dataDir}", dataDir.toString()).replace("{user}", user);
    }

    /** A file-name-safe, collision-free form of a user id. */
    public static String pathSafe(String userId) {
        String safe = userId.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.equals(userId) && !safe.isEmpty() && !safe.startsWith(".")) {
            return safe;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return (safe.startsWith(".") ? "_" + safe.substring(1) : safe) + "-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
