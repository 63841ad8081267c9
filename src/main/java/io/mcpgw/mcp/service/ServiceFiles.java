package io.mcpgw.mcp.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads service files into Camel: the bundled ones ({@code classpath:services/}) and those of
 * {@code GATEWAY_SERVICES_DIR}, where a file overrides the bundled file of the same service. A file is checked
 * first ({@link ServiceFileCheck}); a rejected file is logged with every problem and leaves the running services
 * — including an older version of the same service — untouched. Removing a file removes its route (which ends
 * the service's sessions), and the bundled file of that name, if any, takes over again.
 */
public final class ServiceFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceFiles.class);
    private static final String BUNDLED = "classpath:services/*" + ServiceFileCheck.SUFFIX;

    private final CamelContext context;
    private final McpServices services;
    private final Optional<Path> dir;
    private final Map<String, String> bundled = new HashMap<>();

    public ServiceFiles(CamelContext context, McpServices services, Optional<Path> dir) {
        this.context = context;
        this.services = services;
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
        String fallback = bundled.get(fileName);
        if (fallback != null) {
            load("bundled:" + fileName, fileName, fallback);
        }
    }

    private void load(String location, String fileName, String text) {
        List<String> problems = ServiceFileCheck.problems(fileName, text, context::resolvePropertyPlaceholders);
        if (!problems.isEmpty()) {
            reject(location, problems);
            return;
        }
        String service = ServiceFileCheck.serviceName(fileName);
        try {
            removeRoute(service);
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("file:" + fileName, text));
            services.accepted(location);
            LOG.info("event=mcp_service_file_loaded service={} file={}", service, location);
        } catch (Exception e) {
            reject(location, List.of(rootMessage(e)));
        }
    }

    private void reject(String location, List<String> problems) {
        services.rejected(location, problems);
        LOG.error("event=mcp_service_file_rejected file={} problems=\"{}\"", location, String.join("; ", problems));
    }

    private void removeRoute(String service) {
        String routeId = "mcp-" + service;
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
