package io.mcpgw.mcp.time;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import io.mcpgw.mcp.builtin.NativeTool;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The time tools against the reference server's answers, on fixed clocks. */
class TimeToolTest {
    /** 2024-07-15 (a Monday) 10:00 UTC: summer in the north, DST on in Paris and New York. */
    static final Clock SUMMER = Clock.fixed(Instant.parse("2024-07-15T10:00:00Z"), ZoneId.of("Europe/Berlin"));
    /** 2024-03-10 12:00 UTC: the day New York springs forward (02:00 → 03:00). */
    static final Clock SPRING_FORWARD = Clock.fixed(Instant.parse("2024-03-10T12:00:00Z"), ZoneId.of("UTC"));

    static TimeTool tool(String name, Clock clock) {
        return (TimeTool) TimeTool.all(clock).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    static ObjectNode args(String json) {
        return (ObjectNode) parse(json);
    }

    static JsonNode parse(String json) {
        try {
            return Json.parseUntrusted(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String text(ObjectNode result) {
        return result.at("/content/0/text").asText();
    }

    @Test
    void currentTimeIsTheReferenceJsonIndentedByTwo() {
        ObjectNode r = tool(TimeTool.CURRENT, SUMMER).call(args("{\"timezone\":\"Europe/Paris\"}"));
        assertThat(r.get("isError").asBoolean()).isFalse();
        assertThat(text(r)).isEqualTo("""
                {
                  "timezone": "Europe/Paris",
                  "datetime": "2024-07-15T12:00:00+02:00",
                  "day_of_week": "Monday",
                  "is_dst": true
                }""");
        JsonNode utc = parse(text(tool(TimeTool.CURRENT, SUMMER).call(args("{\"timezone\":\"UTC\"}"))));
        assertThat(utc.get("datetime").asText()).isEqualTo("2024-07-15T10:00:00+00:00");
        assertThat(utc.get("is_dst").asBoolean()).isFalse();
    }

    @Test
    void convertTimeGivesSourceTargetAndTheDifference() {
        ObjectNode r = tool(TimeTool.CONVERT, SUMMER).call(args(
                "{\"source_timezone\":\"America/New_York\",\"time\":\"16:30\",\"target_timezone\":\"Asia/Tokyo\"}"));
        assertThat(text(r)).isEqualTo("""
                {
                  "source": {
                    "timezone": "America/New_York",
                    "datetime": "2024-07-15T16:30:00-04:00",
                    "day_of_week": "Monday",
                    "is_dst": true
                  },
                  "target": {
                    "timezone": "Asia/Tokyo",
                    "datetime": "2024-07-16T05:30:00+09:00",
                    "day_of_week": "Tuesday",
                    "is_dst": false
                  },
                  "time_difference": "+13.0h"
                }""");
        JsonNode nepal = parse(text(tool(TimeTool.CONVERT, SUMMER).call(args(
                "{\"source_timezone\":\"UTC\",\"time\":\"9:05\",\"target_timezone\":\"Asia/Kathmandu\"}"))));
        assertThat(nepal.get("time_difference").asText()).isEqualTo("+5.75h");
        assertThat(nepal.at("/target/datetime").asText()).isEqualTo("2024-07-15T14:50:00+05:45");
        JsonNode india = parse(text(tool(TimeTool.CONVERT, SUMMER).call(args(
                "{\"source_timezone\":\"Asia/Kolkata\",\"time\":\"00:00\",\"target_timezone\":\"UTC\"}"))));
        assertThat(india.get("time_difference").asText()).isEqualTo("-5.5h");
        assertThat(TimeQueries.difference(0)).isEqualTo("+0.0h");
        assertThat(TimeQueries.difference(-3 * 3600)).isEqualTo("-3.0h");
    }

    @Test
    void badZonesAreToolErrorsInTheReferenceWords() {
        for (String zone : List.of("Mars/Olympus", "../../etc/passwd", "+02:00", "europe/paris", "Europe/Paris\u0000",
                "'; DROP TABLE x; --")) {
            ObjectNode r = tool(TimeTool.CURRENT, SUMMER).call(args("{\"timezone\":" + Json.write(zone) + "}"));
            assertThat(r.get("isError").asBoolean()).as(zone).isTrue();
            assertThat(text(r)).as(zone).isEqualTo("Error processing mcp-server-time query: Invalid timezone: "
                    + "'No time zone found with key " + zone + "'");
        }
        ObjectNode target = tool(TimeTool.CONVERT, SUMMER).call(args(
                "{\"source_timezone\":\"UTC\",\"time\":\"10:00\",\"target_timezone\":\"Nowhere\"}"));
        assertThat(text(target)).isEqualTo("Error processing mcp-server-time query: Invalid timezone: "
                + "'No time zone found with key Nowhere'");
    }

    @Test
    void badTimesAreToolErrors() {
        for (String time : List.of("24:00", "12:60", "9am", "12:30:00", "", " 12:30", "12-30", "١٢:٣٠", "12:30\n")) {
            ObjectNode r = tool(TimeTool.CONVERT, SUMMER).call(args(
                    "{\"source_timezone\":\"UTC\",\"time\":" + Json.write(time) + ",\"target_timezone\":\"UTC\"}"));
            assertThat(r.get("isError").asBoolean()).as(time).isTrue();
            assertThat(text(r)).as(time).isEqualTo(
                    "Error processing mcp-server-time query: Invalid time format. Expected HH:MM [24-hour format]");
        }
        ObjectNode skipped = tool(TimeTool.CONVERT, SPRING_FORWARD).call(args(
                "{\"source_timezone\":\"America/New_York\",\"time\":\"02:30\",\"target_timezone\":\"UTC\"}"));
        assertThat(text(skipped)).isEqualTo("Error processing mcp-server-time query: Invalid time: 02:30 does not"
                + " exist in America/New_York on 2024-03-10 (skipped by a clock change)");
    }

    @Test
    void argumentsOutsideTheSchemaAreInputValidationErrors() {
        Map<String, String> cases = Map.of(
                "{}", "Input validation error: 'timezone' is a required property",
                "{\"timezone\":5}", "Input validation error: 5 is not of type 'string'",
                "{\"timezone\":null}", "Input validation error: None is not of type 'string'",
                "{\"timezone\":[\"UTC\",true]}", "Input validation error: ['UTC', True] is not of type 'string'",
                "{\"timezone\":\"\"}", "Error processing mcp-server-time query: Missing required argument: timezone");
        cases.forEach((json, message) -> {
            ObjectNode r = tool(TimeTool.CURRENT, SUMMER).call(args(json));
            assertThat(r.get("isError").asBoolean()).as(json).isTrue();
            assertThat(text(r)).as(json).isEqualTo(message);
        });
        ObjectNode noTime = tool(TimeTool.CONVERT, SUMMER).call(args("{\"source_timezone\":\"UTC\",\"target_timezone\":\"UTC\"}"));
        assertThat(text(noTime)).isEqualTo("Input validation error: 'time' is a required property");
        ObjectNode emptySource = tool(TimeTool.CONVERT, SUMMER).call(args(
                "{\"source_timezone\":\"\",\"time\":\"10:00\",\"target_timezone\":\"UTC\"}"));
        assertThat(text(emptySource)).isEqualTo(
                "Error processing mcp-server-time query: Missing required argument: source_timezone");
    }

    @Test
    void descriptionsNameTheLocalZoneConfiguredOrTheGateways() {
        NativeTool current = tool(TimeTool.CURRENT, SUMMER);
        NativeServiceDefinition configured = NativeServiceDefinition.parse("time", Map.of(
                "tools", List.of("get_current_time", "convert_time"), "localTimezone", "America/Chicago"), v -> v);
        assertThat(current.descriptor(configured).at("/inputSchema/properties/timezone/description").asText())
                .isEqualTo("IANA timezone name (e.g., 'America/New_York', 'Europe/London'). Use 'America/Chicago' as"
                        + " local timezone if no timezone provided by the user.");
        NativeServiceDefinition plain = NativeServiceDefinition.parse("time", Map.of("tools", List.of("get_current_time")),
                v -> v);
        assertThat(current.descriptor(plain).at("/inputSchema/properties/timezone/description").asText())
                .contains("Use 'Europe/Berlin' as local timezone");
        assertThat(current.descriptor(plain).at("/inputSchema/required/0").asText()).isEqualTo("timezone");
        assertThat(current.descriptor(plain).at("/annotations/readOnlyHint").asBoolean()).isTrue();
        assertThat(TimeQueries.localZoneName("", ZoneId.of("Z"))).isEqualTo("UTC");
    }

    @Test
    void aWrongLocalTimezoneRejectsTheServiceFile() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NativeServiceDefinition.parse("time", Map.of(
                        "tools", List.of("get_current_time"), "localTimezone", "Moon/Base"), v -> v))
                .hasMessageContaining("localTimezone (Local timezone): 'Moon/Base' is not a known IANA timezone name");
    }
}
