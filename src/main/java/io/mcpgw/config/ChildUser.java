package io.mcpgw.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The unprivileged user the MCP children run as, so that they cannot read the gateway's environment
 * ({@code /proc/<pid>/environ} is readable only by the same user), its secret files or its memory. Rules: used when
 * {@code MCP_CHILD_USER} names one (a user name of {@code /etc/passwd}, or {@code uid:gid}); never root itself;
 * children are started through {@code setpriv} (util-linux), which must exist, and switching users needs the
 * gateway to run as root. A gateway running as root without it runs its children as root too (a warning at start).
 */
public record ChildUser(int uid, int gid, String home) {
    public static final String SETPRIV = "/usr/bin/setpriv";

    /** The command that runs {@code argv} as this user, with no supplementary groups and no way to regain privileges. */
    public List<String> wrap(List<String> argv) {
        List<String> out = new ArrayList<>(List.of(SETPRIV, "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "--no-new-privs", "--inh-caps=-all", "--"));
        out.addAll(argv);
        return out;
    }

    /** The child user for {@code configured} (MCP_CHILD_USER); empty when children run as the gateway's user. */
    static Optional<ChildUser> resolve(Optional<String> configured, ProblemList problems) {
        boolean root = currentUid() == 0;
        if (configured.isEmpty()) {
            return Optional.empty();
        }
        String name = configured.get();
        Optional<ChildUser> user;
        try {
            user = lookup(name);
        } catch (BadValue e) {
            problems.add(EnvVars.MCP_CHILD_USER, e.getMessage(), name);
            return Optional.empty();
        }
        if (user.isEmpty()) {
            problems.add(EnvVars.MCP_CHILD_USER, "names no user of /etc/passwd (a user name or uid:gid)", name);
        } else if (user.get().uid() == 0) {
            problems.add(EnvVars.MCP_CHILD_USER, "must not be root: the children would read the gateway's secrets", name);
        } else if (!root) {
            problems.add(EnvVars.MCP_CHILD_USER, "needs the gateway to run as root to start children as another user",
                    name);
        } else if (!Files.isExecutable(Path.of(SETPRIV))) {
            problems.add(EnvVars.MCP_CHILD_USER, "needs " + SETPRIV + " (util-linux) to start children as another user",
                    name);
        } else {
            return user;
        }
        return Optional.empty();
    }

    private static Optional<ChildUser> lookup(String name) {
        if (name.matches("\\d{1,9}:\\d{1,9}")) {
            String[] ids = name.split(":");
            return Optional.of(new ChildUser(Integer.parseInt(ids[0]), Integer.parseInt(ids[1]), "/tmp"));
        }
        if (!name.matches("[a-z_][a-z0-9_-]{0,31}")) {
            throw new BadValue("is not a user name or uid:gid");
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":", -1);
                if (f.length >= 6 && f[0].equals(name)) {
                    return Optional.of(new ChildUser(Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                            f[5].isEmpty() ? "/tmp" : f[5]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The uid of this process (from procfs; -1 where there is none). */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return -1;
        }
    }
}
