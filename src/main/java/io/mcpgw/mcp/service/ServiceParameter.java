package io.mcpgw.mcp.service;

import java.util.List;

/**
 * One key of a service file, Kamelet-style: a title and a description for people (the format table in
 * {@code docs/ROUTES.md} and every error message come from here), the kind of value and the default (null =
 * required). A file names only what differs from the default.
 */
public record ServiceParameter(String key, String title, String description, Kind kind, Object defaultValue,
                               long min, long max) {

    /** What a value must look like. */
    public enum Kind {
        /** A string without control characters. */
        TEXT,
        /** A YAML list of strings ({@code [a, b]}). */
        LIST,
        /** A YAML mapping of names to strings. */
        MAP,
        /** A whole number between {@code min} and {@code max}. */
        NUMBER,
        /** {@code PT30S} or a number of seconds; more than 0 and at most 10 minutes. */
        DURATION,
        /** One of the supported MCP protocol versions. */
        VERSION,
        /** Camel YAML DSL steps (a list), run for each message of the service. */
        STEPS
    }

    public static ServiceParameter of(String key, String title, String description, Kind kind, Object defaultValue) {
        return new ServiceParameter(key, title, description, kind, defaultValue, 0, Long.MAX_VALUE);
    }

    public static ServiceParameter number(String key, String title, String description, long defaultValue, long min,
                                          long max) {
        return new ServiceParameter(key, title, description, Kind.NUMBER, defaultValue, min, max);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** How a problem with this key starts: {@code args (Arguments)}. */
    public String label() {
        return key + " (" + title + ")";
    }

    /** The parameters every service file may use, whatever its backend. */
    public static final List<ServiceParameter> COMMON = List.of(
            of("backend", "Backend", "What serves the sessions: stdio (a child process per session) or native"
                    + " (tools built into the gateway).", Kind.TEXT, "stdio"),
            number("maxSessionsPerUser", "Sessions per user", "Open sessions one user may have on this service;"
                    + " 0 = only the gateway-wide per-user cap applies.", 0, 0, 1_000_000),
            of("steps", "Route steps", "Camel YAML DSL steps run for every client message of this service, after the"
                    + " gateway's checks and before the backend (see Editing MCP routes).", Kind.STEPS, List.of()));
}
