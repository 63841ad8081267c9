package io.mcpgw.http;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The map behind every Camel message's headers ({@link AnyCaseHeadersFactory}): keys match in any letter case, as in
 * Camel's own {@code CaseInsensitiveMap}, with the same rule ({@link String#CASE_INSENSITIVE_ORDER}: two keys are the
 * same if {@link String#regionMatches(boolean, int, String, int, int)} says so), and the first spelling of a key is
 * the one kept and iterated. Unlike that sorted map, a lookup costs one pass over the key to hash it and no string
 * comparison but the final one: entries sit in insertion order in arrays, found by a linear scan of their hashes while
 * the map is small (up to 32 entries: a request's headers with Camel's own) and through a hash index once it is
 * larger. Null keys are refused ({@link NullPointerException}), null values are kept. Not thread-safe, like the map it
 * replaces.
 */
final class AnyCaseHeaders extends AbstractMap<String, Object> {
    /** Up to this many entries a lookup scans the hashes; beyond, it goes through {@link #index}. */
    static final int LINEAR_MAX = 32;

    private String[] keys;
    private Object[] values;
    private int[] hashes;
    private int size;
    /** Open addressing: a slot holds an entry's position + 1, 0 is empty; null while the map is small. */
    private int[] index;
    private int modCount;
    private EntrySet entrySet;
    /** Looked up through the index whatever the size ({@link #indexAlways}). */
    private boolean alwaysIndexed;

    /** Room for a request's headers with Camel's own (about 20) without growing. */
    private static final int INITIAL_CAPACITY = 24;

    AnyCaseHeaders() {
        this(INITIAL_CAPACITY);
    }

    private AnyCaseHeaders(int capacity) {
        keys = new String[capacity];
        values = new Object[capacity];
        hashes = new int[capacity];
    }

    AnyCaseHeaders(Map<String, ?> copy) {
        this(Math.max(INITIAL_CAPACITY, copy.size()));
        putAll(copy);
    }

    /**
     * Into an empty map, another {@code AnyCaseHeaders} is copied array by array (Camel copies a message's headers
     * this way at the end of every request-reply route): its keys are already unique under the same rule and their
     * hashes known, so nothing is hashed or compared again. Otherwise entry by entry, as {@link #put}.
     */
    @Override
    public void putAll(Map<? extends String, ?> m) {
        if (size == 0 && m instanceof AnyCaseHeaders other) {
            int n = other.size;
            if (n == 0) {
                return;
            }
            if (keys.length < n) {
                keys = new String[n];
                values = new Object[n];
                hashes = new int[n];
            }
            System.arraycopy(other.keys, 0, keys, 0, n);
            System.arraycopy(other.values, 0, values, 0, n);
            System.arraycopy(other.hashes, 0, hashes, 0, n);
            size = n;
            modCount++;
            index = other.index == null ? null : other.index.clone();
            return;
        }
        for (Entry<? extends String, ?> e : m.entrySet()) {
            put(e.getKey(), e.getValue());
        }
    }

    /** Every entry in order, without an entry object per header; a change to the map meanwhile fails the walk. */
    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        Objects.requireNonNull(action);
        int expected = modCount;
        for (int i = 0; i < size; i++) {
            action.accept(keys[i], values[i]);
            if (modCount != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && find(name, foldedHash(name)) >= 0;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        int at = find(name, foldedHash(name));
        return at < 0 ? null : values[at];
    }

    @Override
    public Object put(String key, Object value) {
        Objects.requireNonNull(key, "header name");
        int hash = foldedHash(key);
        int at = find(key, hash);
        if (at >= 0) {
            Object old = values[at];
            values[at] = value;
            return old;
        }
        if (size == keys.length) {
            int capacity = size * 2;
            keys = Arrays.copyOf(keys, capacity);
            values = Arrays.copyOf(values, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
        }
        keys[size] = key;
        values[size] = value;
        hashes[size] = hash;
        size++;
        modCount++;
        if (index != null) {
            if (size * 2 <= index.length) {
                insertIntoIndex(size - 1);
            } else {
                rebuildIndex();
            }
        } else if (size > LINEAR_MAX) {
            rebuildIndex();
        }
        return null;
    }

    @Override
    public Object remove(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        int at = find(name, foldedHash(name));
        if (at < 0) {
            return null;
        }
        Object old = values[at];
        removeAt(at);
        return old;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        index = alwaysIndexed ? new int[index.length] : null;
        modCount++;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        EntrySet set = entrySet;
        if (set == null) {
            set = new EntrySet();
            entrySet = set;
        }
        return set;
    }

    private void removeAt(int at) {
        int after = size - at - 1;
        if (after > 0) {
            System.arraycopy(keys, at + 1, keys, at, after);
            System.arraycopy(values, at + 1, values, at, after);
            System.arraycopy(hashes, at + 1, hashes, at, after);
        }
        size--;
        keys[size] = null;
        values[size] = null;
        modCount++;
        if (size > LINEAR_MAX || alwaysIndexed) {
            rebuildIndex();
        } else {
            index = null;
        }
    }

    /**
     * Finds keys through the hash index from now on, whatever the size: for a set that is mostly asked for names it
     * does not hold (a miss in the linear scan compares every entry's hash; in the index it stops at an empty slot).
     */
    void indexAlways() {
        alwaysIndexed = true;
        rebuildIndex();
    }

    /** The position of {@code name}'s entry, or -1. */
    private int find(String name, int hash) {
        int[] table = index;
        if (table == null) {
            int[] h = hashes;
            for (int i = 0; i < size; i++) {
                if (h[i] == hash && same(keys[i], name)) {
                    return i;
                }
            }
            return -1;
        }
        int mask = table.length - 1;
        for (int slot = spread(hash) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            int at = table[slot] - 1;
            if (hashes[at] == hash && same(keys[at], name)) {
                return at;
            }
        }
        return -1;
    }

    private void rebuildIndex() {
        int capacity = Math.max(8, Integer.highestOneBit(Math.max(1, size * 4 - 1)) << 1);
        index = new int[capacity];
        for (int i = 0; i < size; i++) {
            insertIntoIndex(i);
        }
    }

    private void insertIntoIndex(int at) {
        int mask = index.length - 1;
        int slot = spread(hashes[at]) & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = at + 1;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    /** Equal ignoring case; the same string or the same spelling (the usual case) without folding a letter. */
    private static boolean same(String a, String b) {
        return a == b || a.length() == b.length() && (a.equals(b) || a.regionMatches(true, 0, b, 0, b.length()));
    }

    /**
     * A hash equal for any two keys {@link #same} finds equal: each code point folded as the case-insensitive
     * comparison folds it (upper case, then lower case); ASCII without a table look-up.
     */
    static int foldedHash(String key) {
        int h = 0;
        for (int i = 0; i < key.length(); ) {
            int c = key.charAt(i);
            if (c < 0x80) {
                if (c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                i++;
            } else {
                c = key.codePointAt(i);
                i += Character.charCount(c);
                c = Character.toLowerCase(Character.toUpperCase(c));
            }
            h = 31 * h + c;
        }
        return h;
    }

    private final class EntrySet extends AbstractSet<Entry<String, Object>> {
        @Override
        public int size() {
            return size;
        }

        @Override
        public void clear() {
            AnyCaseHeaders.this.clear();
        }

        @Override
        public Iterator<Entry<String, Object>> iterator() {
            return new Iterator<>() {
                private int next;
                private int last = -1;
                private int expected = modCount;

                @Override
                public boolean hasNext() {
                    return next < size;
                }

                @Override
                public Entry<String, Object> next() {
                    if (modCount != expected) {
                        throw new ConcurrentModificationException();
                    }
                    if (next >= size) {
                        throw new NoSuchElementException();
                    }
                    last = next++;
                    return new HeaderEntry(last, expected);
                }

                @Override
                public void remove() {
                    if (last < 0) {
                        throw new IllegalStateException();
                    }
                    if (modCount != expected) {
                        throw new ConcurrentModificationException();
                    }
                    removeAt(last);
                    next = last;
                    last = -1;
                    expected = modCount;
                }
            };
        }
    }

    /** An entry of the map as it was when the entry was handed out; its value can be set until the map changes. */
    private final class HeaderEntry implements Entry<String, Object> {
        private final int at;
        private final int expected;
        private final String key;
        private Object value;

        HeaderEntry(int at, int expected) {
            this.at = at;
            this.expected = expected;
            this.key = keys[at];
            this.value = values[at];
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public Object getValue() {
            return value;
        }

        @Override
        public Object setValue(Object newValue) {
            if (modCount != expected) {
                throw new ConcurrentModificationException();
            }
            Object old = value;
            values[at] = newValue;
            value = newValue;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(value, e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }
}
