package io.mcpgw.mcp.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import io.mcpgw.mcp.service.InvalidServiceException;
import io.mcpgw.mcp.service.McpServices;
import io.mcpgw.mcp.service.ServiceIdentity;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads service files into Camel: each checked file ({@link ServiceFileCheck}) declares its service and becomes route
 * {@code mcp-<service>}, made from the MCP route template with the file's steps ({@link ServiceRoutes}). Files come
 * from {@code classpath:services/} (bundled) and {@code GATEWAY_SERVICES_DIR}, where a file overrides the bundled
 * file of the same service. A rejected file (its keys, or steps Camel cannot build) is logged with every problem and leaves the running services
 * — including an older version of the same service — untouched. Removing a file removes its route (which ends
 * the service's sessions), and the bundled file of that name, if any, takes over again.
 */
public final class ServiceFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceFiles.class);
    private static final String BUNDLED = "classpath:services/*" + ServiceFileCheck.SUFFIX;

    private static final String ROUTE_PREFIX = "mcp-";

    /** The template a service's route was made from, and the definition it declared. */
    private record Loaded(String templateId, ServiceIdentity definition) {
    }

    private final CamelContext context;
    private final McpServices services;
    private final ServiceRoutes routes;
    private final Optional<Path> dir;
    private final Map<String, String> bundled = new HashMap<>();
    private final Map<String, Loaded> loaded = new HashMap<>();
    private final AtomicLong generation = new AtomicLong();

    public ServiceFiles(CamelContext context, McpServices services, ServiceRoutes routes, Optional<Path> dir) {
        this.context = context;
        this.services = services;
        this.routes = routes;
        this.dir = dir;
    }

    public Optional<Path> dir() {
        return dir;
    }

    /** Start-up: every bundled file not overridden, then every file of the directory. */
    public synchronized void loadAll() throws Exception {
        for (Resource r : PluginHelper.getPackageScanResourceResolver(context).findResources(BUNDLED)) {
            String fileName = r.getLocation().substring(r.getLocation().lastIndexOf('/') + 1);
            try (var in = r.getInputStream()) {
                bundled.put(fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        for (Map.Entry<String, String> e : bundled.entrySet()) {
            if (dir.isEmpty() || !Files.exists(dir.get().resolve(e.getKey()))) {
                load("bundled:" + e.getKey(), e.getKey(), e.getValue());
            }
        }
        if (dir.isPresent()) {
            try (Stream<Path> files = Files.list(dir.get())) {
                for (Path p : files.sorted().toList()) {
                    fileChanged(p);
                }
            }
        }
    }

    /** A file of the directory appeared or changed. */
    public synchronized void fileChanged(Path file) {
        String fileName = file.getFileName().toString();
        if (ServiceFileCheck.serviceName(fileName) == null || !Files.isRegularFile(file)) {
            return;
        }
        try {
            load(file.toString(), fileName, Files.readString(file));
        } catch (IOException e) {
            reject(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    /** A file of the directory disappeared. */
    public synchronized void fileRemoved(Path file) {
        String fileName = file.getFileName().toString();
        String service = ServiceFileCheck.serviceName(fileName);
        if (service == null) {
            return;
        }
        services.accepted(file.toString());
        removeRoute(service);
        Loaded gone = loaded.remove(service);
        if (gone != null) {
            removeTemplate(gone.templateId());
        }
        String fallback = bundled.get(fileName);
        if (fallback != null) {
            load("bundled:" + fileName, fileName, fallback);
        }
    }

    private void load(String location, String fileName, String text) {
        ServiceFileCheck.Result checked = ServiceFileCheck.check(fileName, text, context::resolvePropertyPlaceholders);
        if (!checked.valid()) {
            reject(location, checked.problems());
            return;
        }
        String service = ServiceFileCheck.serviceName(fileName);
        String templateId = ServiceRoutes.TEMPLATE + "." + service + "." + generation.incrementAndGet();
        try {
            // the service's template first: a step Camel cannot read is rejected before the running route is touched
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("file:" + fileName,
                    routes.templateFor(templateId, checked.steps())));
        } catch (Exception e) {
            removeTemplate(templateId);
            reject(location, List.of("steps: " + rootMessage(e)));
            return;
        }
        Loaded previous = loaded.get(service);
        removeRoute(service);
        try {
            start(service, new Loaded(templateId, checked.definition()));
        } catch (Exception e) {
            removeRoute(service);
            removeTemplate(templateId);
            reject(location, List.of("steps: " + rootMessage(e)));
            if (previous != null) {
                restore(service, previous);
            }
            return;
        }
        if (previous != null) {
            removeTemplate(previous.templateId());
        }
        services.accepted(location);
        LOG.info("event=mcp_service_file_loaded service={} file={} steps={}", service, location, checked.steps().size());
    }

    private void start(String service, Loaded what) throws Exception {
        services.declare(what.definition());
        loaded.put(service, what);
        TemplatedRouteBuilder.builder(context, what.templateId()).routeId(ROUTE_PREFIX + service)
                .parameter("name", service).add();
    }

    private void restore(String service, Loaded previous) {
        try {
            start(service, previous);
        } catch (Exception e) {
            loaded.remove(service);
            LOG.error("event=mcp_service_not_restored service={} error={}", service, rootMessage(e));
        }
    }

    private void removeTemplate(String templateId) {
        try {
            ((ModelCamelContext) context).removeRouteTemplateDefinitions(templateId);
        } catch (Exception e) {
            LOG.warn("event=mcp_service_template_not_removed template={} error={}", templateId, e.toString());
        }
    }

    private void reject(String location, List<String> problems) {
        services.rejected(location, problems);
        LOG.error("event=mcp_service_file_rejected file={} problems=\"{}\"", location, String.join("; ", problems));
    }

    private void removeRoute(String service) {
        String routeId = ROUTE_PREFIX + service;
        if (context.getRoute(routeId) == null) {
            return;
        }
        try {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
        } catch (Exception e) {
            LOG.warn("event=mcp_service_route_not_removed route={} error={}", routeId, e.toString());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            if (t instanceof InvalidServiceException) {
                break;
            }
            t = t.getCause();
        }
        return t.getMessage();
    }
}
