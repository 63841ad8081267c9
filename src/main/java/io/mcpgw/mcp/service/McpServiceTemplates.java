package io.mcpgw.mcp.service;

import io.mcpgw.mcp.builtin.McpNativeComponent;
import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import io.mcpgw.mcp.stdio.McpStdioComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * The route templates service files instantiate: {@code mcp-stdio-service} (a stdio command) and
 * {@code mcp-native-service} (a service implemented in the gateway, {@code mcp-native:<name>} instead of
 * {@code mcp-stdio:<name>}, parameters {@link NativeServiceDefinition#PARAMETERS}; same policy step, same sessions).
 * For the stdio template:
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
        template.templateBean("definition", ServiceDefinition.class,
                        rtc -> ServiceDefinition.parse(resolved(rtc, ServiceDefinition.PARAMETERS)))
                .from("direct:mcp-{{name}}")
                .routeConfigurationId(McpRouteErrors.ID)
                .process(SessionQuotaPolicy.BEAN)
                .to(McpStdioComponent.SCHEME + ":{{name}}?definition=#{{definition}}");

        var nativeTemplate = routeTemplate(NativeServiceDefinition.TEMPLATE);
        NativeServiceDefinition.PARAMETERS.forEach((name, def) -> {
            if (def == null) {
                nativeTemplate.templateParameter(name);
            } else {
                nativeTemplate.templateParameter(name, def);
            }
        });
        nativeTemplate.templateBean("definition", NativeServiceDefinition.class,
                        rtc -> NativeServiceDefinition.parse(resolved(rtc, NativeServiceDefinition.PARAMETERS)))
                .from("direct:mcp-{{name}}")
                .routeConfigurationId(McpRouteErrors.ID)
                .process(SessionQuotaPolicy.BEAN)
                .to(McpNativeComponent.SCHEME + ":{{name}}?definition=#{{definition}}");
    }

    /** The declared parameters, with {@code {{property}}} placeholders in their values resolved. */
    private static Map<String, Object> resolved(RouteTemplateContext rtc, Map<String, String> declared) {
        Map<String, Object> out = new LinkedHashMap<>();
        rtc.getParameters().forEach((k, v) -> {
            if (declared.containsKey(k) && v != null) {
                out.put(k, rtc.getCamelContext().resolvePropertyPlaceholders(String.valueOf(v)));
            }
        });
        return out;
    }
}
