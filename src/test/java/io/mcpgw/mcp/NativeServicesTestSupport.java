package io.mcpgw.mcp;

import java.nio.file.Files;
import java.nio.file.Path;

/** Clean-up for tests of the native tmux service. */
public final class NativeServicesTestSupport {
    private NativeServicesTestSupport() {
    }

    /** Ends the tmux server of every user under {@code dataDir} (the ones the test started). */
    public static void killTmuxServers(Path dataDir) throws Exception {
        Path root = dataDir.resolve("tmux");
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var users = Files.list(root)) {
            for (Path user : users.toList()) {
                Path sock = user.resolve("sock");
                if (Files.exists(sock)) {
                    new ProcessBuilder("tmux", "-S", sock.toString(), "kill-server").start().waitFor();
                }
            }
        }
    }
}
