package io.mcpgw.mcp.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.transport.ProtocolVersions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameters of one {@code mcp-stdio-service} templated route, checked as a whole: every problem is reported
 * at once ({@link InvalidServiceException}), unknown parameters included.
 *
 * <p>{@code args}, {@code env} and {@code createDirs} take a JSON array/object or a comma list ({@code a,b};
 * {@code K=V,K2=V2}). {@code {user}} (the user id made path-safe) and {@code {dataDir}} in args, env values,
 * workingDir and createDirs are replaced when a session's child is started; nothing else from a request ever
 * reaches the command line.
 *
 * <p>{@code deniedTools} names tools the gateway hides from {@code tools/list} and refuses in {@code tools/call}
 * ({@link ToolDenyList}), for servers that cannot switch a dangerous tool off themselves.
 *
 * @param maxSessionsPerUser 0 = only the gateway-wide per-user cap applies
 */
public record ServiceDefinition(String name, String command, List<String> args, Map<String, String> env,
                                String workingDir, String protocolVersion, int maxSessionsPerUser,
                                List<String> createDirs, List<String> deniedTools) implements ServiceIdentity {

    public static final String TEMPLATE = "mcp-stdio-service";
    public static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");
    /** Parameter name → default ({@code null} = required). The contract of the template. */
    public static final Map<String, String> PARAMETERS;

    static {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", null);
        p.put("command", null);
        p.put("args", "[]");
        p.put("env", "{}");
        p.put("workingDir", ".");
        p.put("protocolVersion", "2025-06-18");
        p.put("maxSessionsPerUser", "0");
        p.put("createDirs", "[]");
        p.put("deniedTools", "[]");
        PARAMETERS = java.util.Collections.unmodifiableMap(p);
    }

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** @throws InvalidServiceException listing every problem */
    public static ServiceDefinition parse(Map<String, ?> raw) {
        List<String> problems = new ArrayList<>();
        Map<String, String> v = TemplateParameters.resolve(raw, PARAMETERS, problems);
        String name = v.get("name");
        String command = v.get("command");
        if (command != null && (command.isBlank() || hasControl(command))) {
            problems.add("command must be a program name or path without control characters");
        }
        List<String> args = list("args", v.get("args"), problems);
        List<String> dirs = list("createDirs", v.get("createDirs"), problems);
        List<String> denied = list("deniedTools", v.get("deniedTools"), problems);
        Map<String, String> env = map(v.get("env"), problems);
        String version = v.get("protocolVersion");
        if (!ProtocolVersions.SUPPORTED.contains(version)) {
            problems.add("protocolVersion '" + version + "' is not one of " + ProtocolVersions.SUPPORTED);
        }
        int max = 0;
        try {
            max = Integer.parseInt(v.get("maxSessionsPerUser").trim());
            if (max < 0) {
                problems.add("maxSessionsPerUser must be 0 (no service limit) or more");
            }
        } catch (NumberFormatException e) {
            problems.add("maxSessionsPerUser '" + v.get("maxSessionsPerUser") + "' is not a whole number");
        }
        if (!problems.isEmpty()) {
            throw new InvalidServiceException(name, problems);
        }
        return new ServiceDefinition(name, command, args, env, v.get("workingDir"), version, max, dirs,
                List.copyOf(denied));
    }

    private static List<String> list(String key, String value, List<String> problems) {
        List<String> out = new ArrayList<>();
        String text = value.trim();
        if (text.startsWith("[")) {
            JsonNode node = json(text);
            if (node == null || !node.isArray()) {
                problems.add(key + " is not a valid JSON array of strings");
                return out;
            }
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    problems.add(key + " must contain only strings, found " + item);
                } else if (hasControl(item.textValue())) {
                    problems.add(key + " must not contain control characters");
                } else {
                    out.add(item.textValue());
                }
            }
            return out;
        }
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static Map<String, String> map(String value, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = value.trim();
        if (text.startsWith("{")) {
            JsonNode node = json(text);
            if (node == null || !node.isObject()) {
                problems.add("env is not a valid JSON object of strings");
                return out;
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    problems.add("env " + e.getKey() + " must be a string");
                } else {
                    putEnv(out, e.getKey(), e.getValue().asText(), problems);
                }
            });
            return out;
        }
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                problems.add("env entry '" + part.trim() + "' is not NAME=value");
            } else {
                putEnv(out, part.substring(0, eq).trim(), part.substring(eq + 1).trim(), problems);
            }
        }
        return out;
    }

    private static void putEnv(Map<String, String> out, String key, String value, List<String> problems) {
        if (!ENV_NAME.matcher(key).matches()) {
            problems.add("env name '" + key + "' is not a valid variable name");
        } else if (hasControl(value)) {
            problems.add("env " + key + " must not contain control characters");
        } else {
            out.put(key, value);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.parseUntrusted(text);
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** Parameter names a service file may use. */
    public static Set<String> parameterNames() {
        return PARAMETERS.keySet();
    }
}
