package io.mcpgw.http;

import java.util.Collection;
import java.util.Locale;

/**
 * A fixed set of ASCII header names, looked up in any spelling ({@code content-type}, {@code Content-Type},
 * {@code CONTENT-TYPE}) in constant time and without allocating: the lookup hashes the name's characters folded to
 * lower case and compares the candidate character by character, folding ASCII letters only (so no non-ASCII
 * character, such as the Kelvin sign, ever matches a letter). Every
 * header of every request and reply is checked against these sets, so neither a lower-cased copy per name nor a
 * sorted set's string comparisons per lookup is acceptable there.
 */
final class HeaderNameSet {
    private final String[] slots;
    private final int mask;

    private HeaderNameSet(String[] slots) {
        this.slots = slots;
        this.mask = slots.length - 1;
    }

    /** The names (ASCII; stored lower-cased), in a table at most a quarter full. */
    static HeaderNameSet of(Collection<String> names) {
        int size = Integer.highestOneBit(Math.max(4, names.size() * 4) - 1) << 1;
        String[] slots = new String[size];
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (int i = 0; i < lower.length(); i++) {
                if (lower.charAt(i) > 0x7e) {
                    throw new IllegalArgumentException("header names are ASCII: " + name);
                }
            }
            int slot = foldedHash(lower) & (size - 1);
            while (slots[slot] != null && !slots[slot].equals(lower)) {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = lower;
        }
        return new HeaderNameSet(slots);
    }

    /** Whether the set holds this name in any ASCII letter case; false for null. */
    boolean contains(String name) {
        if (name == null) {
            return false;
        }
        int slot = foldedHash(name) & mask;
        String candidate;
        while ((candidate = slots[slot]) != null) {
            if (sameIgnoringAsciiCase(candidate, name)) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    private static boolean sameIgnoringAsciiCase(String lower, String name) {
        if (lower.length() != name.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A hash of the name with ASCII upper-case letters folded to lower case (other characters as they are). */
    private static int foldedHash(String name) {
        int h = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            h = 31 * h + c;
        }
        return h ^ (h >>> 16);
    }
}
