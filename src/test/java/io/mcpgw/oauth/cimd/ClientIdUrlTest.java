package io.mcpgw.oauth.cimd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.oauth.OAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which client ids are metadata document URLs, and which of those are refused (each with its reason). */
class ClientIdUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/client.json", "HTTPS://app.example.com/c", "http://a/b"})
    void urlsAreRecognised(String id) {
        assertThat(ClientIdUrl.isUrl(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mcp_abc", "test-123", "httpsfoo", "ftp://x/y", ""})
    void otherIdsAreRegisteredClients(String id) {
        assertThat(ClientIdUrl.isUrl(id)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/client.json", "https://app.example.com:8443/a/b?v=1",
            "https://app.example.com/"})
    void acceptedUrls(String id) {
        assertThat(ClientIdUrl.parse(id).getHost()).isEqualTo("app.example.com");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://app.example.com/client.json|must use https",
            "https://app.example.com|must have a path",
            "https://app.example.com/a/../client.json|. or .. path segments",
            "https://app.example.com/./client.json|. or .. path segments",
            "https://app.example.com/client.json#frag|must not contain a fragment",
            "https://user:pass@app.example.com/client.json|must not contain a user name",
            "https://app.example.com/a b|whitespace, control or non-ASCII",
            "https://app.example.com/caf\u00e9|whitespace, control or non-ASCII",
            "https:///client.json|must have a host name",
            "https://app.example.com/%zz|not a valid URL"})
    void refusedUrlsSayWhy(String id, String reason) {
        assertThatThrownBy(() -> ClientIdUrl.parse(id)).isInstanceOf(OAuthException.class)
                .satisfies(e -> {
                    assertThat(((OAuthException) e).error().code()).isEqualTo("invalid_client");
                    assertThat(((OAuthException) e).error().status()).isEqualTo(401);
                })
                .hasMessageContaining(reason);
    }

    @Test
    void anOverlongUrlIsRefused() {
        assertThatThrownBy(() -> ClientIdUrl.parse("https://a.example/" + "x".repeat(ClientIdUrl.MAX_LENGTH)))
                .hasMessageContaining("longer than " + ClientIdUrl.MAX_LENGTH);
    }
}
