package io.mcpgw.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.InProcessGateway;
import java.util.Map;
import org.apache.camel.Route;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GATEWAY_SERVICES}: service routes ({@code mcp-<service>}) of unselected services never enter the context,
 * however they are loaded (templated routes from a service file, plain routes, after start-up); other routes do.
 */
class ServiceRouteFilterTest {
    static InProcessGateway gateway;

    @BeforeAll
    static void start() {
        gateway = InProcessGateway.start(Map.of("GATEWAY_SERVICES", "alpha,gamma"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    void load(String name, String yaml) throws Exception {
        PluginHelper.getRoutesLoader(gateway.context()).loadRoutes(ResourceHelper.fromString("file:" + name, yaml));
    }

    @Test
    void onlySelectedServiceRoutesAreAddedWhileOtherRoutesAlwaysAre() throws Exception {
        load("template.camel.yaml", """
                - routeTemplate:
                    id: test-service
                    parameters:
                      - name: name
                    from:
                      uri: "direct:mcp-{{name}}"
                      steps:
                        - setBody:
                            constant: "{{name}}"
                """);
        for (String service : new String[] {"alpha", "beta"}) {
            load(service + ".camel.yaml", """
                    - templatedRoute:
                        routeTemplateRef: test-service
                        routeId: mcp-%s
                        parameters:
                          - name: name
                            value: %s
                    """.formatted(service, service));
        }
        load("plain.camel.yaml", """
                - route:
                    id: mcp-gamma
                    from:
                      uri: direct:gamma
                      steps:
                        - log:
                            message: gamma
                - route:
                    id: mcp-delta
                    from:
                      uri: direct:delta
                      steps:
                        - log:
                            message: delta
                - route:
                    id: bridge-other
                    from:
                      uri: direct:other
                      steps:
                        - log:
                            message: other
                """);

        assertThat(gateway.context().getRoutes()).extracting(Route::getRouteId)
                .contains("mcp-alpha", "mcp-gamma", "bridge-other", "oauth-token")
                .doesNotContain("mcp-beta", "mcp-delta");
        assertThat(gateway.context().createProducerTemplate().requestBody("direct:mcp-alpha", "", String.class))
                .isEqualTo("alpha");
    }
}
