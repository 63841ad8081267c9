package io.mcpgw.testsupport;

import io.mcpgw.access.AccessGuard;
import io.mcpgw.routes.BeanNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An {@link InProcessGateway} whose {@code GATEWAY_SERVICES_DIR} is a temporary directory of its own, holding the
 * service files the test names. Rule: the directory exists exactly as long as the gateway; {@link #close()} stops the
 * gateway first (so its children are gone) and then deletes the directory. Service files may be written or removed
 * while the gateway runs ({@link #writeService}, {@link #removeService}), as a user would drop them in.
 *
 * <pre>{@code
 * gateway = GatewayWithServices.builder()
 *         .service("basic", NodeModules.serviceFile("basic", "basic.js", ""))
 *         .env("SESSION_TIMEOUT", "3")
 *         .property("gateway.mcp.kill-grace", "PT0.3S")
 *         .testTokens()
 *         .start();
 * }</pre>
 */
public final class GatewayWithServices implements AutoCloseable {
    private final InProcessGateway gateway;
    private final Path servicesDir;

    private GatewayWithServices(InProcessGateway gateway, Path servicesDir) {
        this.gateway = gateway;
        this.servicesDir = servicesDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The running gateway. */
    public InProcessGateway gateway() {
        return gateway;
    }

    /** The temporary directory the gateway reads its service files from. */
    public Path servicesDir() {
        return servicesDir;
    }

    /** Writes (or replaces) {@code <name>.camel.yaml} in the services directory; returns its path. */
    public Path writeService(String name, String content) {
        return write(servicesDir, name, content);
    }

    /** Deletes {@code <name>.camel.yaml} from the services directory. */
    public void removeService(String name) {
        try {
            Files.delete(fileOf(servicesDir, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the gateway, then deletes the services directory. */
    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            deleteTree(servicesDir);
        }
    }

    private static Path fileOf(Path dir, String name) {
        return dir.resolve(name + ".camel.yaml");
    }

    private static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(fileOf(dir, name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    /** Collects the service files, environment, Camel properties and access guard; {@link #start()} starts. */
    public static final class Builder {
        private final Map<String, String> services = new LinkedHashMap<>();
        private final Map<String, String> env = new HashMap<>();
        private final Map<String, String> properties = new HashMap<>();
        private final Map<String, Object> beans = new HashMap<>();

        private Builder() {
        }

        /** A file {@code <name>.camel.yaml} with {@code content}, written before the gateway starts. */
        public Builder service(String name, String content) {
            services.put(name, content);
            return this;
        }

        /** One variable of the gateway's environment ({@code GATEWAY_SERVICES_DIR} is set by the builder). */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** A Camel property overriding {@code application.properties}, e.g. {@code gateway.mcp.kill-grace}. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** Replaces the token guard of the MCP routes and {@code /verify} with {@code guard}. */
        public Builder accessGuard(AccessGuard guard) {
            beans.put(BeanNames.ACCESS_GUARD, guard);
            return this;
        }

        /** {@code Authorization: Bearer user-<name>} is user {@code <name>} (a {@link TestAccessGuard}). */
        public Builder testTokens() {
            return accessGuard(new TestAccessGuard());
        }

        /** Creates the temporary directory, writes the service files and starts the gateway on it. */
        public GatewayWithServices start() {
            Path dir;
            try {
                dir = Files.createTempDirectory("mcpgw-services");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                services.forEach((name, content) -> write(dir, name, content));
                Map<String, String> full = new HashMap<>(env);
                full.put("GATEWAY_SERVICES_DIR", dir.toString());
                return new GatewayWithServices(InProcessGateway.start(full, beans, properties), dir);
            } catch (RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
        }
    }
}
