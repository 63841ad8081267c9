package io.mcpgw.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of malformed input shared by the {@code *FuzzTest} classes: hostile text (control characters, lone
 * surrogates, broken percent-encoding, dot segments, separators), JSON of every shape and depth, and near-valid
 * structures where one field is replaced by junk.
 */
public final class Malformed {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Fragments that break parsers: encodings, separators, dot segments, schemes, huge and empty values. */
    public static final List<String> NASTY = List.of("", " ", "%", "%2", "%G1", "%zz", "%00", "%0d%0a", "%e2%82", "%C0%AE",
            "%2e", "%2E%2e", "%2f", "%2F", "%5c", "%252e", "%25", "..", ".", "/", "//", "\\", "?", "#", "&", "=", ";",
            "+", "\u0000", "\r\n", "\t", "\u2028", "\uD800", "\uDFFF", "\uFEFF", "é", "😀", "javascript:alert(1)",
            "data:text/html,x", "file:///etc/passwd", "http://evil.test/", "https://", "http://127.0.0.1:0/",
            "http://[::1", "http://localhost@evil.test/", "custom.app:/cb", "a".repeat(3000), "9".repeat(400),
            "${jndi:ldap://x}", "<script>", "\"", "'", "null", "[]", "{}", "-1", "1e999");

    private Malformed() {
    }

    /** Any text: unicode (lone surrogates included), a nasty fragment, or a mix of both. */
    public static Arbitrary<String> text() {
        Arbitrary<String> nasty = Arbitraries.of(NASTY);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(40);
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(40);
        Arbitrary<String> mixed = Combinators.combine(nasty, ascii, nasty).as((a, b, c) -> a + b + c);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, nasty), net.jqwik.api.Tuple.of(3, unicode),
                net.jqwik.api.Tuple.of(2, ascii), net.jqwik.api.Tuple.of(3, mixed));
    }

    /** Text or one of {@code valid}: parsers see near-valid input as often as junk. */
    public static Arbitrary<String> textOr(String... valid) {
        return Arbitraries.oneOf(text(), Arbitraries.of(valid));
    }

    /** An {@code application/x-www-form-urlencoded}-looking string built from names, junk and separators. */
    public static Arbitrary<String> formText(String... names) {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(names), text());
        Arbitrary<String> pair = Combinators.combine(name, Arbitraries.of("=", "", "==", "=&", "%3D"), text())
                .as((n, eq, v) -> n + eq + v);
        return pair.list().ofMaxSize(12).flatMap(pairs -> Arbitraries.of("&", "&&", ";", "&amp;")
                .map(sep -> String.join(sep, pairs)));
    }

    /**
     * A JSON value of any shape: scalars of every type and range, arrays and objects nested up to 3 deep. Built
     * straight from jqwik's random source (fast; these values are not shrunk: a failure prints the whole value).
     */
    public static Arbitrary<JsonNode> json() {
        return Arbitraries.randomValue(r -> randomJson(r, 3));
    }

    static JsonNode randomJson(Random r, int depth) {
        int pick = r.nextInt(depth > 0 ? 9 : 6);
        return switch (pick) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.numberNode(r.nextBoolean() ? r.nextLong() : r.nextInt(5) - 1);
            case 3 -> r.nextBoolean() ? NODES.numberNode(new BigInteger("9".repeat(60))) : NODES.numberNode(r.nextDouble() * 1e300);
            case 4, 5 -> NODES.textNode(randomText(r));
            case 6 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    a.add(randomJson(r, depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                for (int i = r.nextInt(5); i > 0; i--) {
                    o.set(r.nextBoolean() ? KEYS.get(r.nextInt(KEYS.size())) : randomText(r), randomJson(r, depth - 1));
                }
                yield o;
            }
        };
    }

    static final List<String> KEYS = List.of("id", "method", "params", "jsonrpc", "result", "error", "redirect_uris",
            "name", "arguments", "code", "message");

    /** A nasty fragment, random unicode (lone surrogates included), or both around random ASCII. */
    static String randomText(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> NASTY.get(r.nextInt(NASTY.size()));
            case 1 -> randomChars(r, 0, Character.MAX_VALUE);
            case 2 -> randomChars(r, 0, 0x7f);
            default -> NASTY.get(r.nextInt(NASTY.size())) + randomChars(r, 0, 0x7f) + NASTY.get(r.nextInt(NASTY.size()));
        };
    }

    static String randomChars(Random r, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(30); i > 0; i--) {
            b.append((char) (from + r.nextInt(to - from + 1)));
        }
        return b.toString();
    }

    /** {@code base} with each of {@code fields} kept, dropped or replaced by arbitrary JSON (or that JSON in an array). */
    public static Arbitrary<ObjectNode> mutate(ObjectNode base, List<String> fields) {
        return Arbitraries.randomValue(r -> {
            ObjectNode copy = base.deepCopy();
            for (String field : fields) {
                switch (r.nextInt(4)) {
                    case 0 -> copy.remove(field);
                    case 1 -> copy.set(field, randomJson(r, 3));
                    case 2 -> copy.set(field, NODES.arrayNode().add(randomJson(r, 2)));
                    default -> { } // kept
                }
            }
            return copy;
        });
    }
}
