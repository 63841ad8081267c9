package io.mcpgw.mcp.service;

import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The shape every service file must have, checked before Camel sees it, with every problem reported:
 * {@code <service>.camel.yaml} holds exactly one {@code - templatedRoute:} with {@code routeTemplateRef:
 * mcp-stdio-service} or {@code mcp-native-service}, {@code routeId: mcp-<service>} and a {@code parameters} list of
 * {@code name}/{@code value} entries whose {@code name} parameter equals the file's service name; the parameters
 * themselves must satisfy {@link ServiceDefinition#parse} (or {@link NativeServiceDefinition#parse}). No {@code route:}, {@code from:} or {@code onException:} in a service file.
 */
public final class ServiceFileCheck {
    public static final String SUFFIX = ".camel.yaml";
    private static final Set<String> TEMPLATED_ROUTE_KEYS = Set.of("routeTemplateRef", "routeId", "parameters");

    private ServiceFileCheck() {
    }

    /** The service a file name declares, or null when it is not a service file name. */
    public static String serviceName(String fileName) {
        if (!fileName.endsWith(SUFFIX)) {
            return null;
        }
        return fileName.substring(0, fileName.length() - SUFFIX.length());
    }

    /**
     * @param resolve resolves {@code {{property}}} placeholders the way Camel will
     * @return every problem; empty = the file is valid
     */
    public static List<String> problems(String fileName, String text, UnaryOperator<String> resolve) {
        List<String> problems = new ArrayList<>();
        String service = serviceName(fileName);
        if (service == null || !ServiceDefinition.NAME.matcher(service).matches()) {
            problems.add("file name must be <service>" + SUFFIX + " with a service name of a-z, 0-9 and '-'");
        }
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text);
        } catch (RuntimeException e) {
            problems.add("not valid YAML: " + e.getMessage().replaceAll("\\s+", " "));
            return problems;
        }
        if (!(doc instanceof List<?> list) || list.size() != 1) {
            problems.add("must be a YAML list with exactly one element (- templatedRoute: ...)");
            return problems;
        }
        if (!(list.get(0) instanceof Map<?, ?> element) || element.size() != 1 || !element.containsKey("templatedRoute")) {
            problems.add("the element must be a templatedRoute and nothing else (no route, from or onException)");
            return problems;
        }
        if (!(element.get("templatedRoute") instanceof Map<?, ?> tr)) {
            problems.add("templatedRoute must be a mapping");
            return problems;
        }
        for (Object key : tr.keySet()) {
            if (!TEMPLATED_ROUTE_KEYS.contains(String.valueOf(key))) {
                problems.add("templatedRoute has unknown key '" + key + "'");
            }
        }
        boolean isNative = NativeServiceDefinition.TEMPLATE.equals(tr.get("routeTemplateRef"));
        if (!isNative && !ServiceDefinition.TEMPLATE.equals(tr.get("routeTemplateRef"))) {
            problems.add("routeTemplateRef must be " + ServiceDefinition.TEMPLATE + " or " + NativeServiceDefinition.TEMPLATE);
        }
        if (service != null && !("mcp-" + service).equals(tr.get("routeId"))) {
            problems.add("routeId must be mcp-" + service + " (found " + tr.get("routeId") + ")");
        }
        Map<String, Object> params = parameters(tr.get("parameters"), problems);
        if (service != null && params.containsKey("name") && !service.equals(String.valueOf(params.get("name")))) {
            problems.add("parameter name must be " + service + ", the file's name (found " + params.get("name") + ")");
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            try {
                resolved.put(k, resolve.apply(String.valueOf(v)));
            } catch (RuntimeException e) {
                problems.add("parameter " + k + ": " + e.getMessage());
            }
        });
        try {
            if (isNative) {
                NativeServiceDefinition.parse(resolved);
            } else {
                ServiceDefinition.parse(resolved);
            }
        } catch (InvalidServiceException e) {
            problems.addAll(e.problems());
        }
        return problems;
    }

    private static Map<String, Object> parameters(Object raw, List<String> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!(raw instanceof List<?> entries)) {
            problems.add("parameters must be a list of name/value entries");
            return out;
        }
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> m) || !(m.get("name") instanceof String name) || !m.containsKey("value")
                    || m.size() != 2) {
                problems.add("parameter entry " + entry + " must have exactly name and value");
                continue;
            }
            Object value = m.get("value");
            if (value instanceof List || value instanceof Map || value == null) {
                problems.add("parameter " + name + " must have a scalar value (write lists as JSON text or a comma list)");
                continue;
            }
            if (out.put(name, value) != null) {
                problems.add("parameter " + name + " is given twice");
            }
        }
        return out;
    }
}
