package io.mcpgw.http;

import java.util.Collection;

/**
 * A fixed set of ASCII header names, looked up in any letter case in constant time and without allocating. A name
 * matches exactly when the message headers map ({@link AnyCaseHeaders}, Camel's case-insensitive rule) would take it
 * for the same key: the header filter and the map must agree, or a parameter spelled with a letter that folds to an
 * ASCII one (such as {@code x-user-İd}) could pass the filter and then stand for {@code X-User-Id} in the map.
 * Read-only once built, so safe on any thread.
 */
final class HeaderNameSet {
    private final AnyCaseHeaders names;

    private HeaderNameSet(AnyCaseHeaders names) {
        this.names = names;
    }

    /** The names (ASCII only: a header name never holds anything else). */
    static HeaderNameSet of(Collection<String> names) {
        AnyCaseHeaders set = new AnyCaseHeaders();
        for (String name : names) {
            for (int i = 0; i < name.length(); i++) {
                if (name.charAt(i) > 0x7e) {
                    throw new IllegalArgumentException("header names are ASCII: " + name);
                }
            }
            set.put(name, Boolean.TRUE);
        }
        set.indexAlways(); // mostly asked for names it does not hold
        return new HeaderNameSet(set);
    }

    /** Whether the set holds this name under the headers map's case rule; false for null. */
    boolean contains(String name) {
        return name != null && names.containsKey(name);
    }
}
