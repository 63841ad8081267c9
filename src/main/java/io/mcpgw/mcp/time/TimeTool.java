package io.mcpgw.mcp.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import io.mcpgw.mcp.builtin.NativeTool;
import io.mcpgw.mcp.builtin.ToolResults;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The two tools of the native {@code time} service, with the names, input schemas, descriptions, annotations and
 * answers of the reference Python server {@code mcp-server-time}: {@code get_current_time {timezone}} and
 * {@code convert_time {source_timezone, time, target_timezone}}, answered with the result as indented JSON text.
 * As in the reference, every failure is a tool result with {@code isError: true}, never a JSON-RPC error: arguments
 * that do not fit the schema read {@code Input validation error: …}; an empty zone, an unknown zone, a malformed or
 * skipped time read {@code Error processing mcp-server-time query: …}. The descriptions name the local zone
 * ({@link NativeServiceDefinition#localTimezone()}, else the gateway's).
 */
public final class TimeTool implements NativeTool {
    public static final String CURRENT = "get_current_time";
    public static final String CONVERT = "convert_time";
    private static final String EXAMPLES = "(e.g., 'America/New_York', 'Europe/London')";

    private final String name;
    private final List<String> required;
    private final TimeQueries queries;
    private final ZoneId systemZone;

    private TimeTool(String name, List<String> required, Clock clock) {
        this.name = name;
        this.required = required;
        this.queries = new TimeQueries(clock);
        this.systemZone = clock.getZone();
    }

    /** Both tools, on {@code clock} (its zone is the gateway's local zone). */
    public static List<NativeTool> all(Clock clock) {
        return List.of(new TimeTool(CURRENT, List.of("timezone"), clock),
                new TimeTool(CONVERT, List.of("source_timezone", "time", "target_timezone"), clock));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ObjectNode descriptor() {
        return descriptor(null);
    }

    @Override
    public ObjectNode descriptor(NativeServiceDefinition definition) {
        String local = TimeQueries.localZoneName(definition == null ? null : definition.localTimezone(), systemZone);
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode d = f.objectNode();
        d.put("name", name);
        ObjectNode schema = f.objectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        if (name.equals(CURRENT)) {
            d.put("description", "Get current time in a specific timezone");
            props.putObject("timezone").put("type", "string").put("description", "IANA timezone name " + EXAMPLES
                    + ". Use '" + local + "' as local timezone if no timezone provided by the user.");
        } else {
            d.put("description", "Convert time between timezones");
            props.putObject("source_timezone").put("type", "string").put("description", "Source IANA timezone name "
                    + EXAMPLES + ". Use '" + local + "' as local timezone if no source timezone provided by the user.");
            props.putObject("time").put("type", "string").put("description", "Time to convert in 24-hour format (HH:MM)");
            props.putObject("target_timezone").put("type", "string").put("description",
                    "Target IANA timezone name (e.g., 'Asia/Tokyo', 'America/San_Francisco'). Use '" + local
                            + "' as local timezone if no target timezone provided by the user.");
        }
        required.forEach(schema.putArray("required")::add);
        d.set("inputSchema", schema);
        d.putObject("annotations").put("readOnlyHint", true).put("destructiveHint", false)
                .put("idempotentHint", true).put("openWorldHint", false);
        return d;
    }

    @Override
    public void process(Exchange exchange) {
        ObjectNode args = exchange.getMessage().getBody(ObjectNode.class);
        exchange.getMessage().setBody(call(args == null ? JsonNodeFactory.instance.objectNode() : args));
    }

    /** The result of one call with {@code args} (the tool's logic without Camel). */
    public ObjectNode call(ObjectNode args) {
        String invalid = validate(args);
        if (invalid != null) {
            return ToolResults.error("Input validation error: " + invalid);
        }
        try {
            ObjectNode result;
            if (name.equals(CURRENT)) {
                result = queries.currentTime(nonEmpty(args, "timezone"));
            } else {
                String source = nonEmpty(args, "source_timezone");
                String target = nonEmpty(args, "target_timezone");
                result = queries.convert(source, args.get("time").textValue(), target);
            }
            return ToolResults.text(ToolResults.indented(result));
        } catch (TimeQueryException e) {
            return ToolResults.error("Error processing mcp-server-time query: " + e.getMessage());
        }
    }

    /** The first schema violation in jsonschema's words, or null. */
    private String validate(ObjectNode args) {
        for (String key : required) {
            if (!args.has(key)) {
                return "'" + key + "' is a required property";
            }
        }
        for (String key : required) {
            JsonNode v = args.get(key);
            if (!v.isTextual()) {
                return PythonRepr.of(v) + " is not of type 'string'";
            }
        }
        return null;
    }

    private static String nonEmpty(ObjectNode args, String key) {
        String value = args.get(key).textValue();
        if (value.isEmpty()) {
            throw new TimeQueryException("Missing required argument: " + key);
        }
        return value;
    }

    /** How Python prints a JSON value in a jsonschema message ({@code None}, {@code True}, {@code 'x'}, {@code [1, 2]}). */
    static final class PythonRepr {
        private PythonRepr() {
        }

        static String of(JsonNode v) {
            if (v.isNull()) {
                return "None";
            }
            if (v.isBoolean()) {
                return v.booleanValue() ? "True" : "False";
            }
            if (v.isTextual()) {
                return "'" + v.textValue().replace("\\", "\\\\").replace("'", "\\'") + "'";
            }
            if (v.isArray()) {
                StringBuilder s = new StringBuilder("[");
                for (int i = 0; i < v.size(); i++) {
                    s.append(i == 0 ? "" : ", ").append(of(v.get(i)));
                }
                return s.append(']').toString();
            }
            if (v.isObject()) {
                StringBuilder s = new StringBuilder("{");
                var it = v.fields();
                while (it.hasNext()) {
                    var field = it.next();
                    s.append(s.length() == 1 ? "" : ", ").append(of(JsonNodeFactory.instance.textNode(field.getKey())))
                            .append(": ").append(of(field.getValue()));
                }
                return s.append('}').toString();
            }
            return v.toString();
        }
    }
}
