package io.mcpgw.mcp.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The signature of the internal hop: what it covers, how long it lasts, and the malformed headers it refuses. */
class HopSignatureTest {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final String SESSION = "a".repeat(43);
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    final HopSignature signer = new HopSignature(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aSignatureVerifiesForExactlyTheRequestItWasMadeFor() {
        String header = signer.sign("POST", "/everything/mcp", SESSION);
        assertThat(signer.verify(header, "POST", "/everything/mcp", SESSION)).isTrue();
        assertThat(signer.verify(header, "GET", "/everything/mcp", SESSION)).isFalse();
        assertThat(signer.verify(header, "POST", "/memory/mcp", SESSION)).isFalse();
        assertThat(signer.verify(header, "POST", "/everything/mcp", "b".repeat(43))).isFalse();
    }

    @Test
    void anotherSecretOrAChangedTimestampDoesNotVerify() {
        String header = signer.sign("POST", "/everything/mcp", SESSION);
        HopSignature other = new HopSignature("another-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(other.verify(header, "POST", "/everything/mcp", SESSION)).isFalse();
        String shifted = (NOW.getEpochSecond() + 1) + header.substring(header.indexOf('.'));
        assertThat(signer.verify(shifted, "POST", "/everything/mcp", SESSION)).isFalse();
    }

    @Test
    void aSignatureOlderOrNewerThanAMinuteIsRefused() {
        String header = signer.sign("DELETE", "/everything/mcp", SESSION);
        HopSignature later = new HopSignature(SECRET, Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));
        HopSignature earlier = new HopSignature(SECRET, Clock.fixed(NOW.minusSeconds(61), ZoneOffset.UTC));
        HopSignature inTime = new HopSignature(SECRET, Clock.fixed(NOW.plusSeconds(59), ZoneOffset.UTC));
        assertThat(later.verify(header, "DELETE", "/everything/mcp", SESSION)).isFalse();
        assertThat(earlier.verify(header, "DELETE", "/everything/mcp", SESSION)).isFalse();
        assertThat(inTime.verify(header, "DELETE", "/everything/mcp", SESSION)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "1.", ".abc", "abc.def", "1.forged", "99999999999999999999.x",
            "-1.x", "1764763200", "1764763200.", "1764763200.%%%", "1764763200.a.b"})
    void malformedHeadersAreInvalidNeverAnError(String header) {
        assertThat(signer.verify(header, "POST", "/everything/mcp", SESSION)).isFalse();
    }

    @Test
    void missingOrHugeHeadersAreInvalid() {
        assertThat(signer.verify(null, "POST", "/everything/mcp", SESSION)).isFalse();
        assertThat(signer.verify(NOW.getEpochSecond() + "." + "A".repeat(5000), "POST", "/everything/mcp", SESSION))
                .isFalse();
    }
}
