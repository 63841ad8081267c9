package io.mcpgw.role;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.ServiceSelection;
import io.mcpgw.oauth.resource.ResourceCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The names of the MCP services that exist in this deployment, read from the service files' names
 * ({@code <service>.camel.yaml}: bundled under {@code classpath:services/}, and drop-ins in
 * {@code GATEWAY_SERVICES_DIR}) without running them. The {@code auth} role publishes these in its
 * {@link ResourceCatalog}, so that it accepts {@code resource} indicators for services that run in other containers
 * and answers {@code /verify} and the protected resource metadata for their hosts.
 */
public final class ServiceNames {
    static final String BUNDLED = "classpath:services/*.camel.yaml";
    static final String SUFFIX = ".camel.yaml";

    private ServiceNames() {
    }

    /** Registers every service of {@code settings.services()} in {@code catalog}; returns the names registered. */
    public static SortedSet<String> publish(CamelContext context, GatewaySettings settings, ResourceCatalog catalog) {
        SortedSet<String> names = find(context, settings.servicesDir(), settings.services());
        names.forEach(catalog::register);
        return names;
    }

    /** The service names of the bundled files and of {@code dir}, restricted to {@code selection}. */
    public static SortedSet<String> find(CamelContext context, Optional<Path> dir, ServiceSelection selection) {
        SortedSet<String> names = new TreeSet<>();
        try {
            for (Resource r : PluginHelper.getPackageScanResourceResolver(context).findResources(BUNDLED)) {
                add(names, r.getLocation().substring(r.getLocation().lastIndexOf('/') + 1), selection);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the bundled service files: " + e.getMessage(), e);
        }
        if (dir.isPresent()) {
            try (Stream<Path> files = Files.list(dir.get())) {
                files.filter(Files::isRegularFile).forEach(p -> add(names, p.getFileName().toString(), selection));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir.get(), e);
            }
        }
        return names;
    }

    private static void add(SortedSet<String> names, String fileName, ServiceSelection selection) {
        if (!fileName.endsWith(SUFFIX)) {
            return;
        }
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        if (ServiceSelection.NAME.matcher(name).matches() && selection.includes(name)) {
            names.add(name);
        }
    }
}
