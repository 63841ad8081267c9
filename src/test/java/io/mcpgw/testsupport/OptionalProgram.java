package io.mcpgw.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A system program some tests need besides the README's prerequisites (JDK 17, Maven, Node 20): each knows how to
 * find itself and how to get it. Rule: a test that needs one of these declares it ({@link RequiresProgram}) or asks
 * {@link #require()} before using it, so a machine without it skips the test with one line naming the program and
 * the command that installs it, and {@code .ci/run} (which installs them all) fails instead of skipping.
 */
public enum OptionalProgram {
    CADDY("caddy", "apt-get install caddy", List.of("caddy")),
    CHROMIUM("chromium + chromedriver", "apt-get install chromium chromium-driver", List.of("chromium", "chromedriver")),
    DOCKER_COMPOSE("docker-compose", "apt-get install docker-compose", List.of("docker-compose")),
    /** The load balancer (round-robin, no stickiness) in front of the replicas of the scale-out test. */
    HAPROXY("haproxy", "apt-get install haproxy", List.of("haproxy")) {
        /** Debian installs it in /usr/sbin, which is not on every user's PATH. */
        private final Path sbin = Path.of("/usr/sbin/haproxy");

        @Override
        public boolean isAvailable() {
            return super.isAvailable() || Files.isExecutable(sbin);
        }

        @Override
        public Path executable() {
            return find("haproxy").orElse(sbin);
        }
    },
    /** Client-side parsing of the Kubernetes manifests (no cluster needed). */
    KUBECTL("kubectl", "see https://kubernetes.io/docs/tasks/tools/ (Debian: apt-get install kubernetes-client)",
            List.of("kubectl")),
    OPENSSL("openssl", "apt-get install openssl", List.of("openssl")),
    /** Found on the PATH, or the Linux x86-64 binary inside the embedded-redis test jar (see {@link RedisServerProcess}). */
    REDIS_SERVER("redis-server", "apt-get install redis-server", List.of("redis-server")) {
        @Override
        public boolean isAvailable() {
            return super.isAvailable() || RedisServerProcess.hasUsableBinary();
        }
    },
    /**
     * A redis-server 7 or newer on the PATH: the compose ACL file uses read-only key selectors ({@code %R~}), which the
     * Redis 6.2 binary inside the embedded-redis test jar does not know.
     */
    REDIS_7("redis-server 7 or newer", "apt-get install redis-server", List.of("redis-server")) {
        @Override
        public boolean isAvailable() {
            return super.isAvailable() && majorVersion(executable()) >= 7;
        }
    };

    /** The major version {@code redis-server --version} prints ({@code v=7.0.15} → 7), or 0 when it cannot be read. */
    static int majorVersion(Path redisServer) {
        try {
            Process p = new ProcessBuilder(redisServer.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("v=(\\d+)\\.").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Environment variable (or system property {@code mcpgw.requireAllPrograms}) that turns a missing program from a
     * skip into a failure; {@code .ci/run} sets it.
     */
    public static final String REQUIRE_ALL = "MCPGW_REQUIRE_ALL_PROGRAMS";

    private final String label;
    private final String install;
    private final List<String> executables;

    OptionalProgram(String label, String install, List<String> executables) {
        this.label = label;
        this.install = install;
        this.executables = executables;
    }

    /** True when every executable of this program is on the {@code PATH}. */
    public boolean isAvailable() {
        return executables.stream().allMatch(name -> find(name).isPresent());
    }

    /** The executable {@code name} on the {@code PATH}, if any. */
    public static Optional<Path> find(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }

    /** The first executable of this program on the {@code PATH}; call after {@link #require()}. */
    public Path executable() {
        return executable(executables.get(0));
    }

    /** The executable {@code name} (one of this program's) on the {@code PATH}; call after {@link #require()}. */
    public Path executable(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(name + " is not on the PATH"));
    }

    /** {@code needs caddy (apt-get install caddy)}: the reason a test is skipped. */
    public String reason() {
        return "needs " + label + " (" + install + ")";
    }

    /** True when a missing program must fail the test ({@code .ci/run}). */
    public static boolean allRequired() {
        String value = Optional.ofNullable(System.getProperty("mcpgw.requireAllPrograms")).orElse(System.getenv(REQUIRE_ALL));
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /**
     * Returns when the program is there; otherwise aborts the running test (JUnit reports it skipped) or, when
     * {@link #allRequired()}, fails it.
     */
    public void require() {
        if (isAvailable()) {
            return;
        }
        if (allRequired()) {
            throw new AssertionError(missingInCi());
        }
        throw new MissingProgramException(this);
    }

    String missingInCi() {
        return label + " is missing but " + REQUIRE_ALL + " is set: " + install;
    }
}
