package io.mcpgw.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.fuzz.Malformed;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of the header parsing of the MCP transport: the {@code Accept} negotiation never throws
 * and only an explicit, non-zero-quality media range selects JSON or an event stream (wildcards never do) (the
 * {@code MCP-Protocol-Version} header is fuzzed over HTTP in {@code McpEndpointFuzzTest}). Inputs tried: q-values ({@code q=0},
 * {@code q=0.000}, {@code q=}, {@code q=abc}), empty ranges, stray commas and semicolons, mixed case, unicode.
 */
class AcceptFuzzTest {

    @Property(tries = 1500)
    void acceptNegotiationNeverThrowsAndIgnoresWildcards(@ForAll("accepts") String accept) {
        for (String type : new String[] {"application/json", "text/event-stream"}) {
            boolean chosen = Accept.explicitly(accept, type);
            if (chosen) {
                assertThat(accept.toLowerCase(Locale.ROOT)).contains(type);
            }
        }
        if (!accept.toLowerCase(Locale.ROOT).contains("text/event-stream")) {
            assertThat(Accept.explicitly(accept, "text/event-stream")).isFalse();
        }
    }

    @Provide
    Arbitrary<String> accepts() {
        Arbitrary<String> range = Malformed.textOr("application/json", "text/event-stream", "*/*", "application/*",
                "TEXT/EVENT-STREAM", "text/*", "");
        Arbitrary<String> param = Malformed.textOr("q=0", "q=0.0", "q=0.000", "q=1", "q=0.5", "q=", "q=abc", "level=1");
        Arbitrary<String> part = Combinators.combine(range, param.list().ofMaxSize(3))
                .as((r, ps) -> r + (ps.isEmpty() ? "" : ";" + String.join(";", ps)));
        return part.list().ofMaxSize(5).flatMap(parts -> Arbitraries.of(",", ", ", ",,", " ,")
                .map(sep -> String.join(sep, parts)));
    }
}
