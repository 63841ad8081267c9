package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.util.CaseInsensitiveMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The headers map against Camel's own {@link CaseInsensitiveMap} (the behaviour it replaces): the same answers for
 * random sequences of puts, gets, removals and iterator removals over keys spelled in many cases, small maps (scanned)
 * and large ones (indexed), ASCII and the non-ASCII letters whose case folding is irregular (µ/μ/Μ, the Kelvin sign,
 * dotless and dotted i, ß, a supplementary letter).
 */
class AnyCaseHeadersTest {
    static final List<String> SPELLINGS = List.of("Content-Type", "content-type", "CONTENT-TYPE", "Authorization",
            "authorization", "X-Forwarded-Uri", "x-forwarded-uri", "CamelHttpUri", "camelhttpuri", "a", "A", "b",
            "\u00b5", "\u03bc", "\u039c", "k", "K", "\u212a", "i", "I", "\u0131", "\u0130", "\u00df", "SS",
            "\ud801\udc00", "\ud801\udc28", "x\u00e9", "X\u00c9", "", "key-1", "KEY-1", "key-2", "Key-3", "key-4",
            "key-5", "key-6", "key-7", "key-8", "key-9", "key-10", "key-11", "key-12", "key-13", "key-14", "key-15",
            "key-16", "key-17", "key-18", "key-19", "KEY-20");

    @Test
    void randomOperationsAnswerAsCamelsCaseInsensitiveMap() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            Map<String, Object> expected = new CaseInsensitiveMap();
            AnyCaseHeaders actual = new AnyCaseHeaders();
            if (seed % 3 == 0) {
                actual.indexAlways();
            }
            int keysInPlay = seed % 2 == 0 ? 12 : SPELLINGS.size();
            for (int step = 0; step < 400; step++) {
                String key = SPELLINGS.get(random.nextInt(keysInPlay));
                String context = "seed " + seed + " step " + step + " key " + key;
                switch (random.nextInt(9)) {
                    case 0, 1, 2 -> {
                        Object value = random.nextInt(10) == 0 ? null : "v" + step;
                        assertThat(actual.put(key, value)).as(context).isEqualTo(expected.put(key, value));
                    }
                    case 3 -> assertThat(actual.get(key)).as(context).isEqualTo(expected.get(key));
                    case 4 -> assertThat(actual.containsKey(key)).as(context).isEqualTo(expected.containsKey(key));
                    case 5 -> assertThat(actual.remove(key)).as(context).isEqualTo(expected.remove(key));
                    case 6 -> removeByIterator(actual, expected, key, context);
                    case 7 -> { // copied as Camel copies a message (putAll into an empty map), or by the constructor
                        AnyCaseHeaders copy = new AnyCaseHeaders();
                        if (random.nextBoolean()) {
                            copy.putAll(actual);
                        } else {
                            copy = new AnyCaseHeaders(actual);
                        }
                        actual.put("Only-In-The-Original", "x"); // the copy is a copy, not a view
                        actual.remove("only-in-the-original");
                        assertThat(copy.containsKey("only-in-the-original")).as(context).isFalse();
                        actual = copy;
                    }
                    default -> { // walked without entries, in the order of the entry set
                        List<String> walked = new ArrayList<>();
                        actual.forEach((k, v) -> walked.add(k + "=" + v));
                        List<String> entries = new ArrayList<>();
                        actual.entrySet().forEach(e -> entries.add(e.getKey() + "=" + e.getValue()));
                        assertThat(walked).as(context).isEqualTo(entries);
                    }
                }
                assertThat(actual.size()).as(context).isEqualTo(expected.size());
            }
            assertThat(new HashMap<>(actual)).as("seed %d: keys as first spelled, values", seed)
                    .isEqualTo(new HashMap<>(expected));
        }
    }

    private static void removeByIterator(Map<String, Object> actual, Map<String, Object> expected, String key,
                                         String context) {
        boolean removed = false;
        for (Iterator<Map.Entry<String, Object>> it = actual.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getKey().equalsIgnoreCase(key)) {
                it.remove();
                removed = true;
            }
        }
        boolean expectedRemoved = expected.keySet().removeIf(k -> k.equalsIgnoreCase(key));
        assertThat(removed).as(context).isEqualTo(expectedRemoved);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, AnyCaseHeaders.LINEAR_MAX, AnyCaseHeaders.LINEAR_MAX + 1, 200})
    void everyKeyIsFoundInAnyCaseWhateverTheSize(int entries) {
        AnyCaseHeaders map = new AnyCaseHeaders();
        for (int i = 0; i < entries; i++) {
            map.put("X-Header-" + i, i);
        }
        for (int i = 0; i < entries; i++) {
            assertThat(map.get("x-header-" + i)).isEqualTo(i);
            assertThat(map.get("X-HEADER-" + i)).isEqualTo(i);
        }
        assertThat(map.get("x-header-" + entries)).isNull();
        for (int i = 0; i < entries; i += 2) {
            assertThat(map.remove("x-HEADER-" + i)).isEqualTo(i);
        }
        for (int i = 0; i < entries; i++) {
            assertThat(map.containsKey("X-Header-" + i)).as("X-Header-%d", i).isEqualTo(i % 2 == 1);
        }
        assertThat(map).hasSize(entries / 2);
    }

    @Test
    void theFirstSpellingIsKeptAndIterationIsInInsertionOrder() {
        AnyCaseHeaders map = new AnyCaseHeaders();
        map.put("Content-Type", "text/plain");
        map.put("Accept", "*/*");
        map.put("CONTENT-TYPE", "application/json");

        assertThat(new ArrayList<>(map.keySet())).containsExactly("Content-Type", "Accept");
        assertThat(map.get("content-type")).isEqualTo("application/json");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, AnyCaseHeaders.LINEAR_MAX + 1, 200})
    void aCopyFindsEveryKeyInAnyCaseAndChangesApartFromItsSource(int entries) {
        AnyCaseHeaders source = new AnyCaseHeaders();
        for (int i = 0; i < entries; i++) {
            source.put("X-Header-" + i, i);
        }
        AnyCaseHeaders copy = new AnyCaseHeaders();
        copy.putAll(source);
        copy.put("x-header-added", "new");
        copy.remove("X-HEADER-0");
        for (int i = 1; i < entries; i++) {
            assertThat(copy.get("x-header-" + i)).isEqualTo(i);
        }
        assertThat(source.containsKey("x-header-added")).isFalse();
        assertThat(source.size()).isEqualTo(entries);
        assertThat(copy.size()).isEqualTo(Math.max(0, entries - 1) + 1);
        AnyCaseHeaders into = new AnyCaseHeaders(Map.of("Kept", "k"));
        into.putAll(source); // not empty: entry by entry, the first spelling kept
        assertThat(into.size()).isEqualTo(entries + 1);
        assertThat(into.get("KEPT")).isEqualTo("k");
    }

    @Test
    void anAlwaysIndexedMapFindsItsKeysThroughPutsRemovalsAndClear() {
        AnyCaseHeaders map = new AnyCaseHeaders();
        map.indexAlways(); // empty
        assertThat(map.containsKey("a")).isFalse();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 40; i++) {
                map.put("Name-" + i, i);
            }
            for (int i = 0; i < 40; i += 3) {
                map.remove("NAME-" + i);
            }
            for (int i = 0; i < 40; i++) {
                assertThat(map.get("name-" + i)).as("round %d name-%d", round, i).isEqualTo(i % 3 == 0 ? null : i);
            }
            assertThat(map.get("name-40")).isNull();
            map.clear();
            assertThat(map.containsKey("Name-1")).isFalse();
        }
    }

    @Test
    void aChangeWhileWalkingFailsTheWalk() {
        AnyCaseHeaders map = new AnyCaseHeaders(Map.of("A", "1", "B", "2"));
        assertThatThrownBy(() -> map.forEach((k, v) -> map.put("C", "3")))
                .isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> map.forEach(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anEntrysValueCanBeSetThroughTheIterator() {
        AnyCaseHeaders map = new AnyCaseHeaders(Map.of("A", "1"));
        map.entrySet().iterator().next().setValue("2");
        assertThat(map.get("a")).isEqualTo("2");
    }

    @Test
    void badUseFailsAsAMapShould() {
        AnyCaseHeaders map = new AnyCaseHeaders();
        assertThatThrownBy(() -> map.put(null, "v")).isInstanceOf(NullPointerException.class);
        map.put("a", null);
        assertThat(map.containsKey("A")).as("null values are kept").isTrue();
        assertThat(map.get(42)).isNull();
        assertThat(map.remove(null)).isNull();
        Iterator<Map.Entry<String, Object>> it = map.entrySet().iterator();
        assertThatThrownBy(it::remove).isInstanceOf(IllegalStateException.class);
        it.next();
        map.put("b", "v");
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
        map.clear();
        assertThat(map).isEmpty();
        assertThat(map.get("b")).isNull();
    }

    @Test
    void aCamelContextWithTheFactoryGivesMessagesTheMap() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            AnyCaseHeadersFactory.install(context);
            context.start();
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setHeader("Content-Type", "text/plain");

            assertThat(exchange.getMessage().getHeaders()).isInstanceOf(AnyCaseHeaders.class);
            assertThat(exchange.getMessage().getHeader("content-type")).isEqualTo("text/plain");
            Exchange copy = exchange.copy();
            assertThat(copy.getMessage().getHeaders()).isInstanceOf(AnyCaseHeaders.class);
            assertThat(copy.getMessage().getHeader("CONTENT-TYPE")).isEqualTo("text/plain");
        }
    }
}
