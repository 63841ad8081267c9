package io.mcpgw.oauth.cimd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cache-Control → how long a document is kept, within [60 s, 24 h]. Bad inputs: invalid, huge and quoted values. */
class CacheLifetimeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null|600",
            "''|600",
            "public|600",
            "max-age=300|300",
            "public, max-age=3600|3600",
            "MAX-AGE=120|120",
            "max-age=\"900\"|900",
            "max-age=5|60",
            "max-age=0|60",
            "max-age=999999|86400",
            "max-age=99999999999999999999|86400",
            "max-age=-5|60",
            "max-age=ten|60",
            "no-store|60",
            "max-age=3600, no-cache|60"})
    void lifetime(String cacheControl, long seconds) {
        assertThat(CacheLifetime.of(cacheControl)).isEqualTo(Duration.ofSeconds(seconds));
    }
}
