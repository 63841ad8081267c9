package io.mcpgw.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.json.Json;
import io.mcpgw.mcp.NodeModulesAccess;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.TestAccessGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies over raw HTTP/1.1 sockets, as an attacker sends them: a declared length over the endpoint's limit is
 * a 413 before any byte of the body is sent, a chunked body is cut at the server limit, a body that stalls is a 408
 * after the read timeout (2 s here), and an MCP POST without a token is refused on its headers while its body is
 * still unsent. Every refusal is a JSON error body and closes the connection.
 */
class BodyLimitsRouteTest {
    @TempDir
    static Path services;
    static InProcessGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(services.resolve("basic.camel.yaml"), NodeModulesAccess.serviceFile("basic", "basic.js"));
        gw = InProcessGateway.start(Map.of("GATEWAY_SERVICES_DIR", services.toString(), "REGISTER_RATE_LIMIT", "0"),
                Map.of("accessGuard", new TestAccessGuard()), Map.of("gateway.http.body-read-timeout", "PT2S"));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Sends {@code head} (request line and headers) and {@code body}, then reads the answer until the server closes. */
    static String exchange(String head, byte[] body, int readTimeoutMs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", gw.port()), 5000);
            s.setSoTimeout(readTimeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readToEnd(s.getInputStream());
        }
    }

    static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed the connection; got: " + all);
        } catch (IOException reset) {
            // a reset after the answer counts as closed
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    static String post(String path, String contentType, String extraHeaders) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + gw.port() + "\r\nContent-Type: " + contentType + "\r\n"
                + extraHeaders + "\r\n";
    }

    static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void aDeclaredLengthOverTheEndpointLimitIs413BeforeTheBodyIsSent() throws Exception {
        // Bad inputs: 10 MB announced to /register and /register/{id} (limit 64 KiB), 9 KB to /token (also spelled
        // with a trailing slash and with a dot segment), /revoke and /consent (limit 8 KiB).
        for (String[] c : new String[][] {{"/register", "application/json", "10000000"},
                {"/register/some-client", "application/json", "10000000"},
                {"/token", "application/x-www-form-urlencoded", "9000"},
                {"/token/", "application/x-www-form-urlencoded", "9000"},
                {"/x/../token", "application/x-www-form-urlencoded", "9000"},
                {"/revoke", "application/x-www-form-urlencoded", "9000"},
                {"/consent", "application/x-www-form-urlencoded", "9000"}}) {
            String answer = exchange(post(c[0], c[1], "Content-Length: " + c[2] + "\r\n"), new byte[0], 10_000);
            assertThat(answer).as(c[0]).startsWith("HTTP/1.1 413");
            assertThat(Json.parseUntrusted(body(answer)).get("error").asText()).as(c[0]).isEqualTo("invalid_request");
            assertThat(answer).as(c[0]).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aDeclaredLengthThatIsNotANumberIs400AndALengthWithinTheLimitGoesThrough() throws Exception {
        // Bad inputs: "12abc", "-", an empty value as the Content-Length of /token.
        for (String length : new String[] {"12abc", "-", ""}) {
            String answer = exchange(post("/token", "application/x-www-form-urlencoded",
                    "Content-Length: " + length + "\r\n"), new byte[0], 10_000);
            assertThat(answer).as(length).startsWith("HTTP/1.1 400");
        }
        // 19 bytes to /token: within 8 KiB, so the token endpoint itself answers (no client authentication).
        byte[] form = "grant_type=password".getBytes(StandardCharsets.US_ASCII);
        String answer = exchange(post("/token", "application/x-www-form-urlencoded",
                "Content-Length: " + form.length + "\r\nConnection: close\r\n"), form, 10_000);
        assertThat(answer).startsWith("HTTP/1.1 401").contains("\"error\":\"invalid_client\"");
    }

    @Test
    void aChunkedBodyIsCutAtTheServerLimit() throws Exception {
        String chunk = "x".repeat(16 * 1024);
        StringBuilder chunked = new StringBuilder("{\"client_name\":\"");
        String framed = Integer.toHexString(chunked.length()) + "\r\n" + chunked + "\r\n";
        StringBuilder all = new StringBuilder(framed);
        for (int i = 0; i < 8; i++) { // 128 KiB in 16 KiB chunks, never terminated
            all.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        String answer = exchange(post("/register", "application/json", "Transfer-Encoding: chunked\r\n"),
                all.toString().getBytes(StandardCharsets.US_ASCII), 10_000);
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(Json.parseUntrusted(body(answer)).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void aBodyThatStallsIsAnswered408AndItsConnectionClosedAfterTheReadTimeout() throws Exception {
        long started = System.nanoTime();
        String answer = exchange(post("/register", "application/json", "Content-Length: 1000\r\n"),
                "{\"redirect_uris\":".getBytes(StandardCharsets.US_ASCII), 20_000);
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(body(answer)).contains("\"error\":\"invalid_request\"");
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1900);
    }

    @Test
    void anMcpPostWithoutATokenIsRefusedOnItsHeadersWithoutReadingTheBody() throws Exception {
        // 3 MB announced (under the MCP limit of 4 MiB), not a byte sent: the answer comes from the headers alone.
        String answer = exchange(post("/basic/mcp", "application/json", "Accept: application/json, text/event-stream\r\n"
                + "Content-Length: 3000000\r\n"), new byte[0], 10_000);
        assertThat(answer).startsWith("HTTP/1.1 401");
        assertThat(answer).contains("WWW-Authenticate: Bearer");
    }

    @Test
    void anMcpPostOverTheLimitIs413AndAStalledOneWithATokenTimesOut() throws Exception {
        String tooLarge = exchange(post("/basic/mcp", "application/json", "Authorization: Bearer user-alice\r\n"
                + "Content-Length: 5000000\r\n"), new byte[0], 10_000);
        assertThat(tooLarge).startsWith("HTTP/1.1 413");
        assertThat(Json.parseUntrusted(body(tooLarge)).at("/error/code").asInt()).isEqualTo(-32000);
        String stalled = exchange(post("/basic/mcp", "application/json", "Authorization: Bearer user-alice\r\n"
                + "Accept: application/json, text/event-stream\r\nContent-Length: 500\r\n"), "[".getBytes(), 20_000);
        assertThat(stalled).startsWith("HTTP/1.1 408");
    }
}
