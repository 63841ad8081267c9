package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @ParameterizedTest(name = "{0} trusted by default: {1}")
    @CsvSource({"127.0.0.1,true", "127.9.9.9,true", "::1,true", "10.1.2.3,true", "172.16.0.1,true", "172.31.255.255,true",
            "172.32.0.1,false", "192.168.1.1,true", "8.8.8.8,false", "fd00::1,true", "2001:db8::1,false", "::ffff:8.8.8.8,false"})
    void defaultTrustsLoopbackAndPrivateNetworksOnly(String address, boolean trusted) throws Exception {
        assertThat(TrustedProxies.parse(TrustedProxies.DEFAULT).trusts(InetAddress.getByName(address))).isEqualTo(trusted);
    }

    @Test
    void exactAddressesAndNarrowRanges() throws Exception {
        TrustedProxies p = TrustedProxies.parse(" 203.0.113.7 , 198.51.100.0/30 ");
        assertThat(p.trusts(InetAddress.getByName("203.0.113.7"))).isTrue();
        assertThat(p.trusts(InetAddress.getByName("203.0.113.8"))).isFalse();
        assertThat(p.trusts(InetAddress.getByName("198.51.100.3"))).isTrue();
        assertThat(p.trusts(InetAddress.getByName("198.51.100.4"))).isFalse();
        assertThat(p.trusts(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"traefik", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "1.2.3"})
    void badEntriesAreRefusedByTheSettingsWithTheVariableNamed(String value) {
        assertThatThrownBy(() -> SettingsLoader.load(Map.of("GATEWAY_TRUSTED_PROXIES", value)))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("GATEWAY_TRUSTED_PROXIES");
    }
}
