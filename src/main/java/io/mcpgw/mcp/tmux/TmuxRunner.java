package io.mcpgw.mcp.tmux;

import io.mcpgw.mcp.stdio.ServiceLauncher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the system {@code tmux} binary for one gateway user. Rules:
 * <ul>
 *   <li>Each user has a tmux server of their own: {@code tmux -S <dataDir>/tmux/<user>/sock} (the user id made
 *       path-safe, directories {@code 0700}), so one user's sessions are invisible to every other user.</li>
 *   <li>The arguments are an argument vector, never a shell string: whatever a client sends (a name, a target, a
 *       command to type) is one argument, taken as data by tmux.</li>
 *   <li>tmux (and so every shell it starts) gets a cleared environment: {@code PATH}, {@code HOME}, {@code LANG},
 *       {@code TERM} and {@code SHELL} only, never the gateway's secrets. No tmux configuration file is read
 *       ({@code -f /dev/null}); shells start in {@code <dataDir>/tmux/<user>/work}.</li>
 *   <li>One invocation runs for at most {@code timeout} (then it is killed) and at most {@code maxBytes} of its
 *       output are kept.</li>
 * </ul>
 */
public final class TmuxRunner {
    /** Socket paths are limited to about 104 bytes by the kernel; longer ones are refused up front. */
    static final int MAX_SOCKET_PATH = 100;

    private final Optional<Path> tmux;
    private final Path root;
    private final Map<String, String> gatewayEnv;

    /**
     * @param dataDir    the gateway's service data directory
     * @param gatewayEnv the gateway's environment, from which the allowed variables are copied
     */
    public TmuxRunner(Path dataDir, Map<String, String> gatewayEnv) {
        this.root = dataDir.toAbsolutePath().normalize().resolve("tmux");
        this.gatewayEnv = gatewayEnv;
        this.tmux = onPath("tmux", gatewayEnv.getOrDefault("PATH", ""));
    }

    /** Why tmux cannot run here; empty when the binary was found. */
    public Optional<String> unavailable() {
        return tmux.isPresent() ? Optional.empty()
                : Optional.of("tmux is not installed (no tmux executable on PATH; install the tmux package)");
    }

    /** What one tmux invocation printed. */
    public record Output(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs {@code tmux -S <user's socket> -f /dev/null args…}.
     *
     * @throws TmuxException when tmux exits non-zero (its first error line), times out, or cannot start
     */
    public String run(String userId, List<String> args, Duration timeout, long maxBytes)
            throws TmuxException, InterruptedException {
        Output out = exec(userId, args, timeout, maxBytes);
        if (out.exitCode() != 0) {
            throw new TmuxException(describe(out.stderr()));
        }
        return out.stdout();
    }

    /** Like {@link #run} but returns a non-zero exit as it is. */
    public Output exec(String userId, List<String> args, Duration timeout, long maxBytes)
            throws TmuxException, InterruptedException {
        Path binary = tmux.orElseThrow(() -> new TmuxException(unavailable().orElseThrow()));
        Path dir = userDir(userId);
        Path socket = dir.resolve("sock");
        if (socket.toString().length() > MAX_SOCKET_PATH) {
            throw new TmuxException("the tmux socket path is too long; configure a shorter gateway.mcp.data-dir");
        }
        List<String> argv = new ArrayList<>(List.of(binary.toString(), "-S", socket.toString(), "-f", "/dev/null"));
        argv.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.resolve("work").toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", gatewayEnv.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", gatewayEnv.getOrDefault("HOME", dir.resolve("work").toString()));
        env.put("LANG", gatewayEnv.getOrDefault("LANG", "C.UTF-8"));
        env.put("TERM", gatewayEnv.getOrDefault("TERM", "xterm-256color"));
        env.put("SHELL", Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new TmuxException("tmux could not be started");
        }
        try {
            p.getOutputStream().close();
            Drain stdout = new Drain(p.getInputStream(), maxBytes);
            Drain stderr = new Drain(p.getErrorStream(), 4096);
            stdout.start();
            stderr.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new TmuxException("tmux did not answer within " + timeout.toSeconds() + " s");
            }
            stdout.join(timeout.toMillis());
            stderr.join(1000);
            return new Output(p.exitValue(), stdout.text(), stderr.text());
        } catch (IOException e) {
            throw new TmuxException("tmux could not be started");
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** tmux's first error line, without the socket path it may contain. */
    static String describe(String stderr) {
        String line = stderr.strip().lines().findFirst().orElse("tmux failed");
        if (line.startsWith("no server running") || line.startsWith("error connecting to")) {
            return "no tmux server is running (create a session first)";
        }
        return line;
    }

    /** {@code <root>/<user>} with {@code work} inside, created {@code 0700}. */
    Path userDir(String userId) throws TmuxException {
        Path dir = root.resolve(ServiceLauncher.pathSafe(userId));
        try {
            for (Path p : List.of(root, dir, dir.resolve("work"))) {
                if (!Files.isDirectory(p)) {
                    Files.createDirectories(p);
                    try {
                        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: nothing to tighten
                    }
                }
            }
        } catch (IOException e) {
            throw new TmuxException("the tmux directory of this user cannot be created");
        }
        return dir;
    }

    private static Optional<Path> onPath(String program, String path) {
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Reads a stream to its end, keeping the first {@code max} bytes. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final long max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Drain(InputStream in, long max) {
            super("tmux-output");
            setDaemon(true);
            this.in = in;
            this.max = max;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        int room = (int) Math.max(0, Math.min(n, max - kept.size()));
                        kept.write(buf, 0, room);
                    }
                }
            } catch (IOException e) {
                // the process ended or was killed: keep what was read
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
