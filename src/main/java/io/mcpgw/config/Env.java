package io.mcpgw.config;

import java.util.Map;
import java.util.Optional;

/** Read access to the environment: values are trimmed, and blank values count as unset. */
final class Env {

    private final Map<String, String> variables;

    Env(Map<String, String> variables) {
        this.variables = Map.copyOf(withoutNulls(variables));
    }

    Optional<String> get(String name) {
        String value = variables.get(name);
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
    }

    boolean isSet(String name) {
        return get(name).isPresent();
    }

    private static Map<String, String> withoutNulls(Map<String, String> variables) {
        Map<String, String> copy = new java.util.HashMap<>();
        variables.forEach((name, value) -> {
            if (name != null && value != null) {
                copy.put(name, value);
            }
        });
        return copy;
    }
}
