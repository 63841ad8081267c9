package io.mcpgw.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The bearer token of an {@code Authorization} header, found in place (its span) and as text. */
class BearerTokenTest {

    @Test
    void theTokenIsTheTrimmedRestAfterTheSchemeInAnyCase() {
        for (String header : new String[] {"Bearer abc.def", "bearer abc.def", "BEARER abc.def", "Bearer   abc.def",
                "Bearer abc.def \t", "Bearer \tabc.def\t "}) {
            assertThat(TokenAccessGuard.bearerToken(header)).as(header).isEqualTo("abc.def");
            long span = TokenAccessGuard.bearerSpan(header);
            assertThat(header.substring((int) (span >>> 32), (int) span)).as(header).isEqualTo("abc.def");
        }
    }

    @Test
    void noTokenIsNull() {
        // Bad inputs: null, empty, the scheme alone, the scheme and blanks, another scheme, no space after the scheme,
        // a scheme that only starts like Bearer.
        for (String header : Arrays.asList(null, "", "Bearer", "Bearer ", "Bearer  \t ", "Basic dXNlcjpwYXNz",
                "Bearerabc", "Bear abc.def", "Bearers abc")) {
            assertThat(TokenAccessGuard.bearerToken(header)).as(String.valueOf(header)).isNull();
            assertThat(TokenAccessGuard.bearerSpan(header)).as(String.valueOf(header)).isEqualTo(-1);
        }
    }
}
