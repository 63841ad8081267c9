package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.config.TrustedProxies;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressTest {
    static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8,127.0.0.1");

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "192.0.2.1 | 203.0.113.9                 | 192.0.2.1",
            "10.0.0.2  | NULL                        | 10.0.0.2",
            "10.0.0.2  | 203.0.113.9                 | 203.0.113.9",
            "10.0.0.2  | 198.51.100.1, 203.0.113.9   | 203.0.113.9",
            "10.0.0.2  | 203.0.113.9, 10.0.0.7       | 203.0.113.9",
            "10.0.0.2  | 203.0.113.9:4711            | 203.0.113.9",
            "10.0.0.2  | 10.0.0.8, 10.0.0.7          | 10.0.0.8",
            "10.0.0.2  | 203.0.113.9, evil.example   | 10.0.0.2",
            "10.0.0.2  | evil.example, 10.0.0.7      | 10.0.0.7",
            "10.0.0.2  | '   '                       | 10.0.0.2",
            "10.0.0.2  | 2001:db8:1:2::99            | 2001:db8:1:2:0:0:0:0/64",
            "10.0.0.2  | [2001:db8:1:2:aa::1]:443    | 2001:db8:1:2:0:0:0:0/64",
            "127.0.0.1 | 203.0.113.9                 | 203.0.113.9",
    })
    void theClientIsTheRightmostUntrustedHop(String peer, String xff, String expected) throws Exception {
        assertThat(ClientAddress.resolve(InetAddress.getByName(peer), xff, PROXIES)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"localhost", "example.com", "1.2.3", "::1::2::3::4::5::6::7::8::9", "[::1", "999.1.1.1"})
    void namesAndBrokenLiteralsAreNoAddressAndNeverLookedUp(String entry) {
        assertThat(ClientAddress.literal(entry)).isEmpty();
    }
}
