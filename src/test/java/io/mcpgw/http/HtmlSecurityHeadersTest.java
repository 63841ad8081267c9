package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.testsupport.InProcessGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every HTML answer carries the same security headers from {@link HtmlSecurityHeaders}: an OAuth page, the page a
 * browser gets on an MCP URL (answered by the Vert.x MCP handler), and a {@code /verify} denial for a browser.
 */
class HtmlSecurityHeadersTest {
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static InProcessGateway gw;

    @BeforeAll
    static void start() {
        gw = InProcessGateway.start(Map.of());
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    static void assertHtmlWithSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.headers().firstValue("Content-Security-Policy"))
                .contains(HtmlSecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    }

    static HttpResponse<String> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", BROWSER_ACCEPT);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Bad input: /authorize without any parameter, answered with an error page. */
    @Test
    void anOAuthErrorPage() throws Exception {
        HttpResponse<String> r = get(gw.uri("/authorize"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertHtmlWithSecurityHeaders(r);
    }

    /** Bad input: no token on an MCP URL, from a browser. */
    @Test
    void theMcpUrlOpenedInABrowser() throws Exception {
        HttpResponse<String> r = get(gw.uri("/everything/mcp"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("MCP client");
        assertHtmlWithSecurityHeaders(r);
    }

    @Test
    void aVerifyDenialForABrowser() throws Exception {
        HttpResponse<String> r = get(gw.uri("/verify"), "X-Forwarded-Proto", "http", "X-Forwarded-Host",
                "localhost:" + gw.port(), "X-Forwarded-Uri", "/everything/mcp");
        assertThat(r.statusCode()).isEqualTo(401);
        assertHtmlWithSecurityHeaders(r);
    }
}
