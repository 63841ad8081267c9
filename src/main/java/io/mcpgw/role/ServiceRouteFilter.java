package io.mcpgw.role;

import io.mcpgw.config.ServiceSelection;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GATEWAY_SERVICES}: keeps the routes of unselected MCP services out of the context. A service is its route
 * {@code mcp-<service>} (one templated route per service file), so a Camel route filter on that id is the one hook:
 * it applies to every route definition added, at start-up and whenever service files are loaded later, whatever
 * loads them. Other routes pass untouched.
 */
public final class ServiceRouteFilter implements Function<RouteDefinition, Boolean> {
    static final String PREFIX = "mcp-";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRouteFilter.class);

    private final ServiceSelection selection;
    private final Function<RouteDefinition, Boolean> previous;

    private ServiceRouteFilter(ServiceSelection selection, Function<RouteDefinition, Boolean> previous) {
        this.selection = selection;
        this.previous = previous;
    }

    /** Installs the filter when {@code selection} is not every service (composed with any filter already set). */
    public static void install(CamelContext context, ServiceSelection selection) {
        if (selection.only().isEmpty()) {
            return;
        }
        ModelCamelContext model = (ModelCamelContext) context;
        model.setRouteFilter(new ServiceRouteFilter(selection, model.getRouteFilter()));
    }

    @Override
    public Boolean apply(RouteDefinition route) {
        if (previous != null && !Boolean.TRUE.equals(previous.apply(route))) {
            return false;
        }
        String id = route.getRouteId();
        if (id == null || !id.startsWith(PREFIX) || selection.includes(id.substring(PREFIX.length()))) {
            return true;
        }
        LOG.info("event=mcp_service_not_selected route={} services={}", id, selection);
        return false;
    }
}
