package io.mcpgw.mcp.files;

import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import io.mcpgw.mcp.service.InvalidServiceException;
import io.mcpgw.mcp.service.ServiceIdentity;
import io.mcpgw.mcp.stdio.StdioDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The shape every service file must have, checked before Camel sees it, with every problem reported:
 * {@code <service>.camel.yaml} (the file name is the service name) holds one YAML mapping of the keys of its
 * backend's parameter table ({@link StdioDefinition#PARAMETERS} for {@code backend: stdio}, the default;
 * {@link NativeServiceDefinition#PARAMETERS} for {@code backend: native}); only keys that differ from their default
 * need a line. {@code steps}, when present, are Camel YAML DSL steps, checked by Camel when the route is built.
 */
public final class ServiceFileCheck {
    public static final String SUFFIX = ".camel.yaml";

    /** A checked file: its definition and route steps when {@code problems} is empty. */
    public record Result(ServiceIdentity definition, List<Object> steps, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

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
        return check(fileName, text, resolve).problems();
    }

    public static Result check(String fileName, String text, UnaryOperator<String> resolve) {
        List<String> problems = new ArrayList<>();
        String service = serviceName(fileName);
        if (service == null || !ServiceIdentity.NAME.matcher(service).matches()) {
            problems.add("file name must be <service>" + SUFFIX + " with a service name of 1-40 a-z, 0-9 and '-'");
        }
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text);
        } catch (RuntimeException e) {
            problems.add("not valid YAML: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
            return new Result(null, List.of(), problems);
        }
        if (doc instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> m
                && m.containsKey("templatedRoute")) {
            problems.add("a templatedRoute is not a service file any more: write the keys at the top level"
                    + " (command: ..., args: [...]; see docs/ROUTES.md)");
            return new Result(null, List.of(), problems);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            problems.add("must be a YAML mapping of service keys (command: ..., args: [...])");
            return new Result(null, List.of(), problems);
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        map.forEach((k, v) -> raw.put(String.valueOf(k), v));
        Object backend = raw.getOrDefault("backend", StdioDefinition.BACKEND);
        ServiceIdentity definition = null;
        try {
            if (StdioDefinition.BACKEND.equals(backend)) {
                definition = StdioDefinition.parse(service, raw, resolve);
            } else if (NativeServiceDefinition.BACKEND.equals(backend)) {
                definition = NativeServiceDefinition.parse(service, raw, resolve);
            } else {
                problems.add("backend (Backend): must be " + StdioDefinition.BACKEND + " or "
                        + NativeServiceDefinition.BACKEND + " (found " + backend + ")");
            }
        } catch (InvalidServiceException e) {
            problems.addAll(e.problems());
        }
        List<Object> steps = raw.get("steps") instanceof List<?> s ? List.copyOf(s) : List.of();
        return new Result(problems.isEmpty() ? definition : null, steps, problems);
    }
}
