package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both directions of the header boundary, in any spelling of the names. */
class GatewayHeaderFilterStrategyTest {
    final GatewayHeaderFilterStrategy strategy = new GatewayHeaderFilterStrategy();

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "content-type", "CONTENT-TYPE", "WWW-Authenticate", "x-user-id",
            "X-User-Email", "Cache-Control", "Mcp-Session-Id", "Set-Cookie"})
    void responseHeadersTheGatewayWritesGoOut(String name) {
        assertThat(strategy.applyFilterToCamelHeaders(name, "v", null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "X-Forwarded-Uri", "Host", "code_verifier",
            "client_secret", "CamelHttpUri", "Content-Typ", "X-User-Id-Extra", ""})
    void everythingElseStaysIn(String name) {
        assertThat(strategy.applyFilterToCamelHeaders(name, "v", null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-User-Id", "x-user-name", "X-CLIENT-ID", "Location", "location", "Set-Cookie",
            "X-Auth-Token", "x-forwarded-user", "CamelHttpResponseCode", "camelFoo", "CAMELX",
            "org.apache.camel.Exchange", "ORG.APACHE.CAMEL.x", "WWW-Authenticate"})
    void aClientCannotPlantIdentityResponseOrCamelHeaders(String name) {
        assertThat(strategy.applyFilterToExternalHeaders(name, "v", null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "content-type", "Mcp-Session-Id", "MCP-SESSION-ID", "Authorization",
            "X-Forwarded-Uri", "Accept", "MCP-Protocol-Version", "camel"})
    void theInputsTheGatewayReadsComeIn(String name) {
        boolean camelPrefix = name.equalsIgnoreCase("camel");
        assertThat(strategy.applyFilterToExternalHeaders(name, "v", null)).isEqualTo(camelPrefix);
    }
}
