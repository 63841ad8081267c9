package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.mcp.transport.OriginPolicy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayHostsTest {
    static final GatewayHosts DEPLOYED = new GatewayHosts("https://auth.example.com", Optional.of("example.com"));
    static final GatewayHosts EMBEDDED = new GatewayHosts("http://localhost:8080", Optional.empty());

    @ParameterizedTest(name = "deployed Host {0} -> {1}")
    @CsvSource({
            "auth.example.com, true", "AUTH.example.com:443, true", "auth.example.com., true",
            "mcp-memory.example.com, true", "mcp-new-service.example.com, true",
            "localhost:8080, true", "127.0.0.1, true", "[::1]:8080, true",
            "rebind.attacker.example, false", "example.com, false", "mcp-.example.com, false",
            "mcp-a.b.example.com, false", "mcp-memory.example.com.evil.example, false", "evilexample.com, false",
            "auth.example.com:80:80, false", "'', false", "[::1, false", "127.0.0.2, false", "auth, false",
    })
    void deployedHosts(String host, boolean allowed) {
        assertThat(DEPLOYED.allowsHost(host)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "embedded Host {0} -> {1}")
    @CsvSource({"localhost:8080, true", "127.0.0.1:8080, true", "[::1]:8080, true",
            "rebind.attacker.example:8080, false", "mcp-memory.example.com, false", "192.168.1.5:8080, false"})
    void embeddedHosts(String host, boolean allowed) {
        assertThat(EMBEDDED.allowsHost(host)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "internal hop {0} -> {1}")
    @CsvSource({"auth:8080, true", "auth, true", "mcp-memory:8080, true", "10.0.3.4:8080, true", "[fd00::3]:8080, true",
            "rebind.attacker.example, false", "auth.internal.example, false", "'', false"})
    void internalHops(String host, boolean internal) {
        assertThat(GatewayHosts.isInternalHop(host)).isEqualTo(internal);
    }

    @ParameterizedTest(name = "Origin {0} (embedded) -> {1}")
    @CsvSource({
            "http://localhost:8080, true", "http://127.0.0.1:8080, true", "http://[::1]:8080, true",
            "http://localhost:6274, false", "https://localhost:8080, false",
            "http://rebind.attacker.example:8080, false", "null, false", "http://localhost:8080/path, false",
    })
    void embeddedOrigins(String origin, boolean allowed) {
        assertThat(EMBEDDED.allowsOrigin(origin)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "Origin {0} (deployed) -> {1}")
    @CsvSource({
            "https://auth.example.com, true", "https://mcp-memory.example.com, true",
            "http://mcp-memory.example.com, false", "https://mcp-memory.example.com:8443, false",
            "https://evil.example, false", "http://localhost:8080, false",
    })
    void deployedOrigins(String origin, boolean allowed) {
        assertThat(DEPLOYED.allowsOrigin(origin)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "OriginPolicy: Origin {0} with Host {1} -> {2}")
    @CsvSource(nullValues = "NULL", value = {
            "http://rebind.attacker.example:8080, rebind.attacker.example:8080, false",
            "http://localhost:8080, localhost:8080, true",
            "http://127.0.0.1:8080, localhost:8080, true",
            "https://inspector.example, localhost:8080, true",
            "NULL, rebind.attacker.example:8080, true",
    })
    void originEqualToHostIsNoLongerEnough(String origin, String host, boolean allowed) {
        OriginPolicy policy = new OriginPolicy(new GatewaySettings.Cors(List.of("https://inspector.example"), false),
                EMBEDDED);
        assertThat(policy.allowed(origin, host)).isEqualTo(allowed);
    }
}
