package io.mcpgw.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committed deployment files as data: the compose services of both compose files, their Traefik routers (from the
 * labels), the Traefik static and dynamic configuration. Paths are relative to the project folder (Maven runs tests
 * there).
 */
final class DeploymentFiles {
    static final Path COMPOSE = Path.of("compose/docker-compose.yml");
    static final Path COMPOSE_SERVICES = Path.of("compose/docker-compose.services.yml");
    static final Path ENV_EXAMPLE = Path.of("compose/.env.example");
    static final Path TRAEFIK_STATIC = Path.of("traefik/traefik.yml");
    static final Path MIDDLEWARES = Path.of("traefik/dynamic/middlewares.yml");
    static final Path SERVICE_FILES = Path.of("src/main/resources/services");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A router as its labels describe it. */
    record RouterLabels(String name, String container, String rule, int priority, List<String> middlewares,
                        String service, String entrypoints) {
    }

    private DeploymentFiles() {
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every compose service of both files, by name. */
    static Map<String, JsonNode> composeServices() {
        Map<String, JsonNode> services = new TreeMap<>();
        for (Path file : List.of(COMPOSE, COMPOSE_SERVICES)) {
            yaml(file).path("services").fields().forEachRemaining(e -> {
                if (services.put(e.getKey(), e.getValue()) != null) {
                    throw new IllegalStateException("compose service " + e.getKey() + " defined twice");
                }
            });
        }
        return services;
    }

    /** The labels of a compose service as key to value (labels are a list of {@code key=value}). */
    static Map<String, String> labels(JsonNode service) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode l : service.path("labels")) {
            String s = l.asText();
            int eq = s.indexOf('=');
            if (labels.put(s.substring(0, eq), s.substring(eq + 1)) != null) {
                throw new IllegalStateException("label " + s.substring(0, eq) + " repeated");
            }
        }
        return labels;
    }

    /** Every router of every container, by router name. */
    static Map<String, RouterLabels> routers() {
        Map<String, RouterLabels> routers = new TreeMap<>();
        Pattern key = Pattern.compile("traefik\\.http\\.routers\\.([^.]+)\\.(.+)");
        composeServices().forEach((container, service) -> {
            Map<String, Map<String, String>> props = new TreeMap<>();
            labels(service).forEach((k, v) -> {
                Matcher m = key.matcher(k);
                if (m.matches()) {
                    props.computeIfAbsent(m.group(1), n -> new TreeMap<>()).put(m.group(2), v);
                }
            });
            props.forEach((name, p) -> {
                RouterLabels r = new RouterLabels(name, container, p.get("rule"), Integer.parseInt(p.getOrDefault("priority", "0")),
                        List.of(p.getOrDefault("middlewares", "").split(",")).stream().filter(s -> !s.isBlank()).toList(),
                        p.get("service"), p.get("entrypoints"));
                if (routers.put(name, r) != null) {
                    throw new IllegalStateException("router " + name + " defined on two containers");
                }
            });
        });
        return routers;
    }

    /**
     * {@code middlewares.yml} as Traefik sees it after rendering its Go template with {@code MCP_CORS_ORIGINS}. The
     * template has one block (the CORS origin list); it is rendered here the way its sprig expression does
     * (split on commas, trim, drop empties, quote), which was checked once against Go's text/template with sprig.
     */
    static JsonNode middlewares(String corsOrigins) {
        String text = text(MIDDLEWARES);
        int start = text.indexOf(CORS_TEMPLATE);
        if (start < 0 || text.indexOf("{{", start + CORS_TEMPLATE.length()) >= 0 || text.indexOf("{{") != start + CORS_TEMPLATE.indexOf("{{")) {
            throw new IllegalStateException("middlewares.yml must hold exactly the CORS template block of this test");
        }
        StringBuilder list = new StringBuilder();
        for (String origin : corsOrigins.split(",")) {
            if (!origin.strip().isEmpty()) {
                list.append("\n          - \"").append(origin.strip()).append('"');
            }
        }
        String rendered = text.substring(0, start) + list + text.substring(start + CORS_TEMPLATE.length());
        try {
            return YAML.readTree(rendered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Go template block of the CORS origins, verbatim (leading newline and indentation included). */
    static final String CORS_TEMPLATE = "\n          {{- range $origin := splitList \",\" (env \"MCP_CORS_ORIGINS\") }}"
            + "\n          {{- with trim $origin }}"
            + "\n          - {{ . | quote }}"
            + "\n          {{- end }}"
            + "\n          {{- end }}";

    /** The middleware names a router's references lead to, chains expanded, in order of application. */
    static List<String> expand(JsonNode middlewares, List<String> references) {
        List<String> out = new ArrayList<>();
        for (String ref : references) {
            String name = ref.endsWith("@file") ? ref.substring(0, ref.length() - 5) : ref;
            JsonNode m = middlewares.path("http").path("middlewares").path(name);
            if (m.isMissingNode() || !ref.endsWith("@file") && !ref.equals(name)) {
                throw new IllegalStateException("middleware " + ref + " is not defined in " + MIDDLEWARES);
            }
            if (m.has("chain")) {
                List<String> inner = new ArrayList<>();
                for (Iterator<JsonNode> it = m.path("chain").path("middlewares").elements(); it.hasNext(); ) {
                    inner.add(it.next().asText());
                }
                out.addAll(expand(middlewares, inner));
            } else {
                out.add(name);
            }
        }
        return out;
    }
}
