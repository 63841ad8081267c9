package io.mcpgw.mcp.service;

import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.oauth.resource.ResourceCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP services of the gateway, keyed by name.
 *
 * <ul>
 *   <li><b>Declared</b>: the definition a service file gave, waiting for its route ({@code mcp:<service>} reads it
 *       when the route starts).</li>
 *   <li><b>Running</b>: a service exists while its {@code mcp-<service>} route runs (the route's {@code mcp:}
 *       producer registers it on start and removes it on stop). Registering also publishes the resource in the
 *       {@link ResourceCatalog} (an unavailable service only with its reason, so it is neither advertised nor
 *       granted); removing ends the service's sessions.</li>
 *   <li><b>Rejected</b>: service files with their problems, for the health endpoint.</li>
 * </ul>
 */
public final class McpServices {
    private static final Logger LOG = LoggerFactory.getLogger(McpServices.class);
    private static final java.util.regex.Pattern ABSOLUTE_PATH =
            java.util.regex.Pattern.compile("(?<![\\w.:/])/(?:[^\\s'\"()/]+/)*([^\\s'\"()/]+)/?");

    private final Map<String, ServiceRuntime> running = new ConcurrentHashMap<>();
    private final Map<String, ServiceIdentity> declared = new ConcurrentHashMap<>();
    private final Map<String, List<String>> rejected = new ConcurrentHashMap<>();
    private final ResourceCatalog catalog;
    private final SessionRegistry sessions;
    private final Function<ServiceIdentity, ServiceRuntime> backends;

    /** @param backends the runtime of a definition: where the backends (stdio, native) plug in */
    public McpServices(ResourceCatalog catalog, SessionRegistry sessions,
                       Function<ServiceIdentity, ServiceRuntime> backends) {
        this.catalog = catalog;
        this.sessions = sessions;
        this.backends = backends;
    }

    /** Records the definition of {@code definition.name()} for its route to start. */
    public void declare(ServiceIdentity definition) {
        declared.put(definition.name(), definition);
    }

    /** Starts serving the declared service {@code name}. */
    public ServiceRuntime start(String name) {
        ServiceIdentity definition = declared.get(name);
        if (definition == null) {
            throw new IllegalStateException("no service file declares MCP service " + name);
        }
        ServiceRuntime runtime = backends.apply(definition);
        running.put(name, runtime);
        runtime.unavailable().ifPresentOrElse(reason -> {
            catalog.registerUnavailable(name, withoutPaths(reason));
            LOG.warn("event=mcp_service_unavailable service={} reason=\"{}\"", name, reason);
        }, () -> {
            catalog.register(name);
            LOG.info("event=mcp_service_ready service={} route=mcp-{}", name, name);
        });
        return runtime;
    }

    /** {@code reason} as clients may read it: an absolute path is cut to its last segment ({@code node_modules}). */
    static String withoutPaths(String reason) {
        return ABSOLUTE_PATH.matcher(reason).replaceAll("$1");
    }

    /** Stops serving {@code name} when {@code runtime} is still what serves it: ends its sessions. */
    public void stop(String name, ServiceRuntime runtime) {
        if (!running.remove(name, runtime)) {
            return;
        }
        catalog.unregister(name);
        sessions.endService(name, Duration.ofSeconds(30));
        LOG.info("event=mcp_service_removed service={}", name);
    }

    public Optional<ServiceRuntime> find(String name) {
        return Optional.ofNullable(running.get(name));
    }

    public Map<String, ServiceRuntime> all() {
        return new TreeMap<>(running);
    }

    public void rejected(String file, List<String> problems) {
        rejected.put(file, List.copyOf(problems));
    }

    public void accepted(String file) {
        rejected.remove(file);
    }

    public Map<String, List<String>> rejectedFiles() {
        return new TreeMap<>(rejected);
    }
}
