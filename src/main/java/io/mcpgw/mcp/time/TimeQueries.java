package io.mcpgw.mcp.time;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the {@code time} tools compute, with the reference server's ({@code mcp-server-time}) rules and messages.
 * A zone must be an IANA name this JVM knows ({@code Europe/Paris}, {@code UTC}); offsets such as {@code +02:00} are
 * not zone names. A time is {@code H:MM} or {@code HH:MM}, 24-hour; it is taken on today's date in the source zone,
 * a time skipped by a clock change is refused, and a repeated one means its first occurrence. Results are
 * {@code {timezone, datetime, day_of_week, is_dst}} with the datetime in ISO 8601 to the second with its offset
 * ({@code +00:00}, never {@code Z}); a conversion adds {@code time_difference} ({@code +5.0h}, {@code +5.75h},
 * {@code -3.5h}). Every refusal is a {@link TimeQueryException} whose message is the reference's.
 */
public final class TimeQueries {
    private static final DateTimeFormatter ISO_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxxxx", Locale.ROOT);
    /** Python's {@code strptime("%H:%M")}: hour 0-23 and minute 0-59, one or two digits each. */
    private static final Pattern HOUR_MINUTE = Pattern.compile("(2[0-3]|[01][0-9]|[0-9]):([0-5][0-9]|[0-9])");

    private final Clock clock;

    public TimeQueries(Clock clock) {
        this.clock = clock;
    }

    /** The zone named {@code name}, or the reference's "Invalid timezone" refusal. */
    public static ZoneId zone(String name) {
        if (name == null || !ZoneId.getAvailableZoneIds().contains(name)) {
            throw new TimeQueryException("Invalid timezone: 'No time zone found with key " + name + "'");
        }
        return ZoneId.of(name);
    }

    /** The zone the tools call local: {@code configured} when set, else the JVM's zone when it is an IANA name, else UTC. */
    public static String localZoneName(String configured, ZoneId system) {
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        return ZoneId.getAvailableZoneIds().contains(system.getId()) ? system.getId() : "UTC";
    }

    public ObjectNode currentTime(String timezone) {
        ZoneId zone = zone(timezone);
        return describe(timezone, ZonedDateTime.now(clock.withZone(zone)));
    }

    public ObjectNode convert(String sourceTimezone, String time, String targetTimezone) {
        ZoneId source = zone(sourceTimezone);
        ZoneId target = zone(targetTimezone);
        Matcher m = HOUR_MINUTE.matcher(time);
        if (!m.matches()) {
            throw new TimeQueryException("Invalid time format. Expected HH:MM [24-hour format]");
        }
        LocalDate today = LocalDate.now(clock.withZone(source));
        LocalDateTime local = LocalDateTime.of(today, LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        if (source.getRules().getValidOffsets(local).isEmpty()) {
            throw new TimeQueryException("Invalid time: " + time + " does not exist in " + sourceTimezone + " on "
                    + today + " (skipped by a clock change)");
        }
        ZonedDateTime sourceTime = ZonedDateTime.ofLocal(local, source, null);
        ZonedDateTime targetTime = sourceTime.withZoneSameInstant(target);
        int seconds = targetTime.getOffset().getTotalSeconds() - sourceTime.getOffset().getTotalSeconds();
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("source", describe(sourceTimezone, sourceTime));
        result.set("target", describe(targetTimezone, targetTime));
        result.put("time_difference", difference(seconds));
        return result;
    }

    /** {@code +5.0h} for whole hours, else two decimals without trailing zeros ({@code +5.75h}, {@code -3.5h}). */
    static String difference(int seconds) {
        double hours = seconds / 3600.0;
        if (seconds % 3600 == 0) {
            return String.format(Locale.ROOT, "%+.1fh", hours);
        }
        String s = String.format(Locale.ROOT, "%+.2f", hours);
        s = s.replaceAll("0+$", "");
        return (s.endsWith(".") ? s.substring(0, s.length() - 1) : s) + "h";
    }

    private static ObjectNode describe(String timezone, ZonedDateTime t) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("timezone", timezone);
        r.put("datetime", ISO_SECONDS.format(t));
        DayOfWeek day = t.getDayOfWeek();
        r.put("day_of_week", day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        r.put("is_dst", t.getZone().getRules().isDaylightSavings(t.toInstant()));
        return r;
    }
}
