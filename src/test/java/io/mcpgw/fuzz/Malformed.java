package io.mcpgw.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
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

    /** A JSON value of any shape: scalars of every type and range, arrays and objects nested up to 3 deep. */
    public static Arbitrary<JsonNode> json() {
        return Arbitraries.recursive(Malformed::scalar, Malformed::container, 0, 3);
    }

    static Arbitrary<JsonNode> scalar() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.just(NODES.numberNode(new BigInteger("9".repeat(60)))),
                Arbitraries.doubles().map(NODES::numberNode),
                text().map(NODES::textNode));
    }

    static Arbitrary<JsonNode> container(Arbitrary<JsonNode> inner) {
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(4).map(items -> {
            ArrayNode a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(textOr("id", "method", "params", "jsonrpc", "redirect_uris"), inner)
                .ofMaxSize(4).map(Malformed::object);
        return Arbitraries.oneOf(array, object);
    }

    static ObjectNode object(Map<String, JsonNode> fields) {
        ObjectNode o = NODES.objectNode();
        fields.forEach(o::set);
        return o;
    }

    /** {@code base} with each of {@code fields} kept, dropped or replaced by arbitrary JSON. */
    public static Arbitrary<ObjectNode> mutate(ObjectNode base, List<String> fields) {
        Arbitrary<JsonNode> replacement = Arbitraries.oneOf(json(), json().map(j -> {
            ArrayNode a = NODES.arrayNode();
            a.add(j);
            return a;
        }));
        return Arbitraries.maps(Arbitraries.of(fields), Arbitraries.oneOf(replacement, Arbitraries.just(NODES.missingNode())))
                .ofMaxSize(fields.size()).map(changes -> {
                    ObjectNode copy = base.deepCopy();
                    changes.forEach((field, value) -> {
                        if (value.isMissingNode()) {
                            copy.remove(field);
                        } else {
                            copy.set(field, value);
                        }
                    });
                    return copy;
                });
    }
}
