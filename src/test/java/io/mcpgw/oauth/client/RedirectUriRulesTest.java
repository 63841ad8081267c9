package io.mcpgw.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.mcpgw.oauth.OAuthException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectUriRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "https://claude.ai/api/mcp/auth_callback",
            "https://example.com/cb?x=1",
            "https://example.com:8443/cb",
            "http://localhost/cb",
            "http://localhost:33418/oauth/callback",
            "http://127.0.0.1:9696/oauth/callback",
            "http://127.0.0.1",
            "http://[::1]:8080/cb",
            "com.example.app:/oauth",
            "com.example.app:/oauth/callback?x=y",
            "cursor://anysphere.cursor-retrieval/oauth/user-mcp/callback",
            "vscode://vscode.github-authentication/did-authenticate",
    })
    void accepts(String uri) {
        assertThatNoException().isThrownBy(() -> RedirectUriRules.validate(uri));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "http://localhost.evil.com/cb     | only allowed on loopback",
            "http://127.0.0.1.evil.com/       | only allowed on loopback",
            "http://127.0.0.1.nip.io/cb       | only allowed on loopback",
            "http://evil.com/cb               | only allowed on loopback",
            "http://LOCALHOST/cb              | only allowed on loopback",
            "http://[::2]/cb                  | only allowed on loopback",
            "http:/cb                         | only allowed on loopback",
            "http://user:pw@localhost/cb      | user information",
            "https://user@example.com/cb      | user information",
            "https://x/cb#frag                | fragment",
            "https://x/cb#                    | fragment",
            "javascript:alert(1)              | 'javascript' is not allowed",
            "JavaScript:alert(1)              | 'javascript' is not allowed",
            "data:text/html,x                 | 'data' is not allowed",
            "file:///etc/passwd               | 'file' is not allowed",
            "vbscript:msgbox                  | 'vbscript' is not allowed",
            "about:blank                      | 'about' is not allowed",
            "blob:https://x/1                 | 'blob' is not allowed",
            "ftp://example.com/cb             | 'ftp' is not allowed",
            "wss://example.com/cb             | 'wss' is not allowed",
            "urn:ietf:wg:oauth:2.0:oob        | 'urn' is not allowed",
            "/cb                              | absolute URI",
            "cb                               | absolute URI",
            "https:///cb                      | valid host",
            "https://*.example.com/cb         | valid host",
            "https://exa mple.com/cb          | whitespace",
            "https://example.com/c%zz         | not a valid URI",
            "1app:/cb                         | not a valid URI",
    })
    void rejects(String uri, String reason) {
        assertThatThrownBy(() -> RedirectUriRules.validate(uri))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.error().code()).isEqualTo("invalid_redirect_uri");
                    assertThat(e.error().status()).isEqualTo(400);
                    assertThat(e.error().description()).contains(reason);
                });
    }

    @Test
    void rejectsEmptyBlankControlAndOverlongUris() {
        for (String uri : new String[] {"", " ", "https://x/cb ", "\thttps://x/cb", "https://x/\ncb",
                "https://x/\u0000", "https://x/caf\u00e9"}) {
            assertThatThrownBy(() -> RedirectUriRules.validate(uri)).as(uri)
                    .isInstanceOfSatisfying(OAuthException.class,
                            e -> assertThat(e.error().code()).isEqualTo("invalid_redirect_uri"));
        }
        assertThatThrownBy(() -> RedirectUriRules.validate(null))
                .isInstanceOfSatisfying(OAuthException.class,
                        e -> assertThat(e.error().description()).contains("empty"));
        String longest = "https://example.com/" + "a".repeat(RedirectUriRules.MAX_LENGTH - 20);
        assertThatNoException().isThrownBy(() -> RedirectUriRules.validate(longest));
        assertThatThrownBy(() -> RedirectUriRules.validate(longest + "a"))
                .isInstanceOfSatisfying(OAuthException.class,
                        e -> assertThat(e.error().description()).contains("longer than 2000"));
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "https://claude.ai/api/mcp/auth_callback | https://claude.ai/api/mcp/auth_callback  | true",
            "http://127.0.0.1:9696/oauth/callback    | http://127.0.0.1:9696/oauth/callback     | true",
            "http://127.0.0.1:9696/oauth/callback    | http://127.0.0.1:51234/oauth/callback    | true",
            "http://127.0.0.1/oauth/callback         | http://127.0.0.1:51234/oauth/callback    | true",
            "http://[::1]:80/cb                      | http://[::1]:43210/cb                    | true",
            "http://localhost/callback               | http://localhost:40123/callback          | true",
            "http://localhost:3000/cb?a=1            | http://localhost:3001/cb?a=1             | true",
            "http://127.0.0.1:9696/oauth/callback    | http://127.0.0.1:9696/oauth/other        | false",
            "http://127.0.0.1:9696/oauth/callback    | http://127.0.0.1:9696/oauth/callback/    | false",
            "http://127.0.0.1:9696/oauth/callback    | http://localhost:9696/oauth/callback     | false",
            "http://127.0.0.1:9696/oauth/callback    | http://[::1]:9696/oauth/callback         | false",
            "http://localhost:3000/cb?a=1            | http://localhost:3001/cb?a=2             | false",
            "http://localhost:3000/cb                | http://localhost:3001/cb?a=1             | false",
            "http://localhost:3000/cb                | http://localhost:3001/cb#x               | false",
            "http://localhost:3000/cb                | http://user@localhost:3001/cb            | false",
            "http://localhost:3000/cb                | http://localhost.evil.com:3000/cb        | false",
            "https://example.com:8443/cb             | https://example.com:9443/cb              | false",
            "https://example.com/cb                  | https://example.com:443/cb               | false",
            "https://example.com/cb                  | https://example.com/CB                   | false",
            "com.example.app:/oauth                  | com.example.app:/oauth2                  | false",
    })
    void matchesExactlyOrByLoopbackPort(String registered, String presented, boolean expected) {
        assertThat(RedirectUriRules.matches(List.of("https://other.example/cb", registered), presented))
                .isEqualTo(expected);
    }

    @Test
    void matchesNothingForMissingValues() {
        assertThat(RedirectUriRules.matches(List.of("https://x/cb"), null)).isFalse();
        assertThat(RedirectUriRules.matches(List.of("https://x/cb"), "")).isFalse();
        assertThat(RedirectUriRules.matches(List.of(), "https://x/cb")).isFalse();
        assertThat(RedirectUriRules.matches(null, "https://x/cb")).isFalse();
        assertThat(RedirectUriRules.matches(List.of("http://localhost/cb"), "not a uri")).isFalse();
    }
}
