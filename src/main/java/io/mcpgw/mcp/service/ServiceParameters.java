package io.mcpgw.mcp.service;

import io.mcpgw.mcp.jsonrpc.ProtocolVersions;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads the values of a service file against its parameter table: unknown keys and missing required ones are
 * problems, absent optional keys take their default, every value is checked for its {@link ServiceParameter.Kind},
 * and every problem is collected (none thrown), each naming the key and its title. {@code {{property}}}
 * placeholders in text values are resolved here; Camel resolves those of {@code steps} when it loads the route.
 */
public final class ServiceParameters {
    private final Map<String, Object> values = new LinkedHashMap<>();

    private ServiceParameters() {
    }

    public static ServiceParameters read(Map<String, ?> raw, List<ServiceParameter> table, UnaryOperator<String> resolve,
                                         List<String> problems) {
        Map<String, ServiceParameter> byKey = new LinkedHashMap<>();
        table.forEach(p -> byKey.put(p.key(), p));
        for (String key : raw.keySet()) {
            if (!byKey.containsKey(key)) {
                problems.add("unknown key '" + key + "' (known: " + String.join(", ", byKey.keySet()) + ")");
            }
        }
        ServiceParameters out = new ServiceParameters();
        for (ServiceParameter p : table) {
            Object value = raw.get(p.key());
            if (value == null && raw.containsKey(p.key())) {
                problems.add(p.label() + ": has no value (remove the line to take the default)");
            }
            if (value == null) {
                if (p.required()) {
                    problems.add(p.label() + ": is required. " + p.description());
                }
                out.values.put(p.key(), p.defaultValue());
                continue;
            }
            out.values.put(p.key(), convert(p, value, resolve, problems));
        }
        return out;
    }

    public String text(String key) {
        return (String) values.get(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        return (List<String>) values.get(key);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> map(String key) {
        return (Map<String, String>) values.get(key);
    }

    public long number(String key) {
        return ((Number) values.get(key)).longValue();
    }

    public Duration duration(String key) {
        Object v = values.get(key);
        return v instanceof Duration d ? d : parseDuration(String.valueOf(v));
    }

    @SuppressWarnings("unchecked")
    public List<Object> steps(String key) {
        return (List<Object>) values.get(key);
    }

    private static Object convert(ServiceParameter p, Object value, UnaryOperator<String> resolve, List<String> problems) {
        switch (p.kind()) {
            case LIST -> {
                List<String> out = new ArrayList<>();
                if (!(value instanceof List<?> items)) {
                    problems.add(p.label() + ": must be a YAML list of strings, e.g. [a, b]");
                    return out;
                }
                for (Object item : items) {
                    String s = scalar(p, item, resolve, problems);
                    if (s != null) {
                        out.add(s);
                    }
                }
                return out;
            }
            case MAP -> {
                Map<String, String> out = new LinkedHashMap<>();
                if (!(value instanceof Map<?, ?> entries)) {
                    problems.add(p.label() + ": must be a YAML mapping of names to strings");
                    return out;
                }
                entries.forEach((k, v) -> {
                    String s = scalar(p, v, resolve, problems);
                    if (s != null) {
                        out.put(String.valueOf(k), s);
                    }
                });
                return out;
            }
            case STEPS -> {
                if (!(value instanceof List<?> steps) || steps.stream().anyMatch(s -> !(s instanceof Map<?, ?> m) || m.size() != 1)) {
                    problems.add(p.label() + ": must be a list of Camel steps, each one key (- log: ..., - filter: ...)");
                    return List.of();
                }
                return value;
            }
            default -> {
                String s = scalar(p, value, resolve, problems);
                return s == null ? p.defaultValue() : typed(p, s, problems);
            }
        }
    }

    private static Object typed(ServiceParameter p, String s, List<String> problems) {
        switch (p.kind()) {
            case NUMBER -> {
                try {
                    long n = Long.parseLong(s);
                    if (n < p.min() || n > p.max()) {
                        problems.add(p.label() + ": must be between " + p.min() + " and " + p.max() + " (found " + n + ")");
                    }
                    return n;
                } catch (NumberFormatException e) {
                    problems.add(p.label() + ": '" + s + "' is not a whole number");
                    return p.defaultValue();
                }
            }
            case DURATION -> {
                try {
                    Duration d = parseDuration(s);
                    if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofMinutes(10)) > 0) {
                        problems.add(p.label() + ": must be more than 0 and at most 10 minutes (found " + s + ")");
                    }
                    return d;
                } catch (DateTimeParseException | NumberFormatException e) {
                    problems.add(p.label() + ": '" + s + "' is not a duration (PT30S or a number of seconds)");
                    return p.defaultValue();
                }
            }
            case VERSION -> {
                if (!ProtocolVersions.supported(s)) {
                    problems.add(p.label() + ": '" + s + "' is not one of " + ProtocolVersions.SUPPORTED);
                }
                return s;
            }
            default -> {
                return s;
            }
        }
    }

    private static String scalar(ServiceParameter p, Object value, UnaryOperator<String> resolve, List<String> problems) {
        if (value == null || value instanceof List || value instanceof Map) {
            problems.add(p.label() + ": " + (p.kind() == ServiceParameter.Kind.LIST || p.kind() == ServiceParameter.Kind.MAP
                    ? "its entries must be strings" : "must be a single value"));
            return null;
        }
        String s;
        try {
            s = resolve.apply(String.valueOf(value)).trim();
        } catch (RuntimeException e) {
            problems.add(p.label() + ": " + e.getMessage());
            return null;
        }
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problems.add(p.label() + ": must not contain control characters");
            return null;
        }
        return s;
    }

    private static Duration parseDuration(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit)
                ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text);
    }
}
