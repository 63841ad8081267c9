package io.mcpgw.mcp.service;

import io.mcpgw.mcp.stdio.McpStdioComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * The route template every stdio MCP service file instantiates ({@code routeTemplateRef: mcp-stdio-service}).
 * The resulting route {@code mcp-<name>} is on the request path of every MCP message of the service:
 * {@code direct:mcp-<name>} (the HTTP transport sends here) → the session quota policy →
 * {@code mcp-stdio:<name>} (the child of the message's session). Parameters and defaults:
 * {@link ServiceDefinition#PARAMETERS}; they are checked as a whole when the route is created.
 */
public final class McpServiceTemplates extends RouteBuilder {

    @Override
    public void configure() {
        var template = routeTemplate(ServiceDefinition.TEMPLATE);
        ServiceDefinition.PARAMETERS.forEach((name, def) -> {
            if (def == null) {
                template.templateParameter(name);
            } else {
                template.templateParameter(name, def);
            }
        });
        template.templateBean("definition", ServiceDefinition.class, rtc -> ServiceDefinition.parse(resolved(rtc)))
                .from("direct:mcp-{{name}}")
                .routeConfigurationId(McpRouteErrors.ID)
                .process(SessionQuotaPolicy.BEAN)
                .to(McpStdioComponent.SCHEME + ":{{name}}?definition=#{{definition}}");
    }

    /** The declared parameters, with {@code {{property}}} placeholders in their values resolved. */
    private static Map<String, Object> resolved(RouteTemplateContext rtc) {
        Map<String, Object> out = new LinkedHashMap<>();
        rtc.getParameters().forEach((k, v) -> {
            if (ServiceDefinition.PARAMETERS.containsKey(k) && v != null) {
                out.put(k, rtc.getCamelContext().resolvePropertyPlaceholders(String.valueOf(v)));
            }
        });
        return out;
    }
}
