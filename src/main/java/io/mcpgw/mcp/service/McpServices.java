package io.mcpgw.mcp.service;

import io.mcpgw.config.ChildUser;

import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.mcp.stdio.StdioLimits;
import io.mcpgw.oauth.resource.ResourceCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP services that are running now, keyed by name: a service exists while its {@code mcp-<service>} route
 * runs (the route's {@code mcp-stdio} or {@code mcp-native} producer registers it on start and removes it on stop). Registering also
 * publishes the resource in the {@link ResourceCatalog} (an unavailable service only with its reason, so it is
 * neither advertised nor granted); removing ends the service's sessions. Service files that
 * were rejected are kept here with their problems, for the health endpoint.
 */
public final class McpServices {
    private static final Logger LOG = LoggerFactory.getLogger(McpServices.class);
    private static final java.util.regex.Pattern ABSOLUTE_PATH =
            java.util.regex.Pattern.compile("(?<![\\w.:/])/(?:[^\\s'\"()/]+/)*([^\\s'\"()/]+)/?");

    /** A running service: what serves its sessions and the entry into its Camel route ({@code direct:mcp-<service>}). */
    public record Running(ServiceRuntime runtime, AsyncProcessor route) {
    }

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, List<String>> rejected = new ConcurrentHashMap<>();
    private final CamelContext context;
    private final ResourceCatalog catalog;
    private final SessionRegistry sessions;
    private final Function<ServiceDefinition, ServiceLauncher> launchers;
    private final StdioLimits limits;

    public McpServices(CamelContext context, ResourceCatalog catalog, SessionRegistry sessions,
                       CommandResolver resolver, Path dataDir, Path baseDir, StdioLimits limits) {
        this(context, catalog, sessions, resolver, dataDir, baseDir, limits, Optional.empty());
    }

    /** @param childUser the user every stdio child runs as (MCP_CHILD_USER), empty = the gateway's own */
    public McpServices(CamelContext context, ResourceCatalog catalog, SessionRegistry sessions,
                       CommandResolver resolver, Path dataDir, Path baseDir, StdioLimits limits,
                       Optional<ChildUser> childUser) {
        this.context = context;
        this.catalog = catalog;
        this.sessions = sessions;
        this.limits = limits;
        Map<String, String> env = System.getenv();
        this.launchers = d -> new ServiceLauncher(d, resolver, dataDir, baseDir, env, childUser);
    }

    public StdioLimits limits() {
        return limits;
    }

    /** Registers a stdio service (its launcher is made here). */
    public ServiceLauncher register(ServiceDefinition definition) throws Exception {
        return register(launchers.apply(definition));
    }

    /** Registers {@code runtime} under its name, reachable through {@code direct:mcp-<name>}. */
    public <T extends ServiceRuntime> T register(T runtime) throws Exception {
        String name = runtime.name();
        Endpoint entry = context.getEndpoint("direct:mcp-" + name);
        AsyncProcessor route = AsyncProcessorConverterHelper.convert(entry.createAsyncProducer());
        ServiceHelper.startService(route);
        running.put(name, new Running(runtime, route));
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

    public void unregister(String name, ServiceRuntime runtime) {
        Running r = running.get(name);
        if (r == null || r.runtime() != runtime) {
            return;
        }
        running.remove(name, r);
        catalog.unregister(name);
        sessions.endService(name, Duration.ofSeconds(30));
        ServiceHelper.stopService(r.route());
        LOG.info("event=mcp_service_removed service={}", name);
    }

    public Optional<Running> find(String name) {
        return Optional.ofNullable(running.get(name));
    }

    public Map<String, Running> all() {
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
