package io.mcpgw.mcp.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter contract every service template shares (style practice 2): unknown parameters and missing required
 * ones are problems, absent optional ones take their default, every problem is collected (none thrown), and the
 * service name has one syntax.
 */
public final class TemplateParameters {
    private TemplateParameters() {
    }

    /**
     * The values of a service file, checked against {@code contract} (parameter → default; null = required).
     * Problems are appended to {@code problems}; values are trimmed.
     */
    public static Map<String, String> resolve(Map<String, ?> raw, Map<String, String> contract, List<String> problems) {
        for (String key : raw.keySet()) {
            if (!contract.containsKey(key)) {
                problems.add("unknown parameter '" + key + "' (known: " + String.join(", ", contract.keySet()) + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        contract.forEach((key, def) -> {
            Object value = raw.get(key);
            if (value == null && def == null) {
                problems.add("missing required parameter '" + key + "'");
            }
            values.put(key, value == null ? def : String.valueOf(value).trim());
        });
        String name = values.get("name");
        if (name != null && !ServiceDefinition.NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must be 1-40 of a-z, 0-9 and '-', not starting or ending with '-'");
        }
        return values;
    }
}
