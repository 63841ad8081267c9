package io.mcpgw.mcp.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Builds the route template of one service from the gateway's MCP route template
 * ({@code routes/mcp-service.camel.yaml}, {@value #TEMPLATE}): the same YAML with the service file's {@code steps}
 * placed into the step whose id is {@value #STEPS_ID}. Camel then instantiates it as route {@code mcp-<service>}.
 */
public final class ServiceRoutes {
    public static final String TEMPLATE = "mcp-service";
    public static final String STEPS_ID = "service-steps";
    static final String RESOURCE = "routes/" + TEMPLATE + ".camel.yaml";

    private final String templateText;

    public ServiceRoutes(String templateText) {
        this.templateText = templateText;
    }

    /** The template shipped in the jar. */
    public static ServiceRoutes bundled() {
        try (InputStream in = ServiceRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new ServiceRoutes(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** YAML DSL text of a route template {@code templateId}: the MCP template with {@code steps} in place. */
    @SuppressWarnings("unchecked")
    public String templateFor(String templateId, List<Object> steps) {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(templateText);
        Map<String, Object> template = null;
        for (Object element : (List<Object>) doc) {
            if (element instanceof Map<?, ?> m && m.get("routeTemplate") instanceof Map<?, ?> t
                    && TEMPLATE.equals(t.get("id"))) {
                template = (Map<String, Object>) t;
            }
        }
        if (template == null) {
            throw new IllegalStateException(RESOURCE + " has no routeTemplate with id " + TEMPLATE);
        }
        template.put("id", templateId);
        Map<String, Object> route = (Map<String, Object>) template.get("route");
        Map<String, Object> from = (Map<String, Object>) (route != null ? route : template).get("from");
        List<Object> out = new ArrayList<>();
        boolean placed = false;
        for (Object step : (List<Object>) from.get("steps")) {
            if (step instanceof Map<?, ?> m && m.get("step") instanceof Map<?, ?> s && STEPS_ID.equals(s.get("id"))) {
                placed = true;
                if (!steps.isEmpty()) {
                    ((Map<String, Object>) s).put("steps", new ArrayList<>(steps));
                    out.add(step);
                }
            } else {
                out.add(step);
            }
        }
        if (!placed) {
            throw new IllegalStateException(RESOURCE + " has no step with id " + STEPS_ID);
        }
        from.put("steps", out);
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build();
        return new Dump(settings).dumpToString(List.of(Map.of("routeTemplate", template)));
    }
}
