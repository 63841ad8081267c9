package io.mcpgw.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The MCP services one gateway process serves ({@code GATEWAY_SERVICES}): a comma list of service names, or every
 * service when unset. A container of the {@code services} role usually serves exactly one, so that each MCP
 * service has its own process, restart policy and data volume.
 *
 * @param only the names to serve; empty = every service
 */
public record ServiceSelection(Optional<Set<String>> only) {

    /** Every service (the default). */
    public static final ServiceSelection ALL = new ServiceSelection(Optional.empty());

    /** The syntax of a service name (also its host label {@code mcp-<name>} and file name {@code <name>.camel.yaml}). */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    public ServiceSelection {
        only = only.map(Set::copyOf);
    }

    /** True when {@code service} is to be served here. */
    public boolean includes(String service) {
        return only.map(names -> names.contains(service)).orElse(true);
    }

    @Override
    public String toString() {
        return only.map(names -> String.join(",", new java.util.TreeSet<>(names))).orElse("all");
    }

    /** Parses a comma list (entries trimmed, empty entries dropped). */
    static ServiceSelection parse(String value) {
        Set<String> names = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String entry : ListRules.entries(value)) {
            if (NAME.matcher(entry).matches() && entry.length() <= 50) {
                names.add(entry);
            } else {
                bad.add("'" + entry + "'");
            }
        }
        if (!bad.isEmpty()) {
            throw new BadValue(String.join(", ", bad) + (bad.size() == 1 ? " is not a service name" : " are not service names")
                    + " (lower-case letters, digits and single inner hyphens, at most 50 characters)");
        }
        if (names.isEmpty()) {
            throw new BadValue("lists no service (comma list of service names; unset = every service)");
        }
        return new ServiceSelection(Optional.of(names));
    }
}
