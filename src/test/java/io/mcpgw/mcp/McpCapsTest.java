package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.GatewayWithServices;
import io.mcpgw.testsupport.InProcessGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The caps that keep one MCP client from exhausting the gateway's heap, each with small limits so the test is cheap:
 * batch length 4, 3 requests in flight per session, 64 KiB per child message, 100 000 bytes per POST reply, an SSE
 * consumer that does not read closed after 256 KiB queued or 2 s. Beyond every cap the client gets a JSON-RPC error
 * (or its stream closed) and the session keeps working.
 */
class McpCapsTest {
    static GatewayWithServices gateway;
    static InProcessGateway gw;
    static McpTestClient client;

    @BeforeAll
    static void start() {
        gateway = GatewayWithServices.builder()
                .service("bulky", NodeModules.serviceFile("bulky", "bulky.js", ""))
                .env("MCP_MAX_SESSIONS_PER_USER", "50").env("MCP_MAX_SESSIONS", "100")
                .property("gateway.mcp.max-batch-length", "4").property("gateway.mcp.max-in-flight-per-session", "3")
                .property("gateway.mcp.max-message-bytes", "65536")
                .property("gateway.mcp.max-post-response-bytes", "100000")
                .property("gateway.mcp.sse-max-queued-bytes", "262144").property("gateway.mcp.sse-stall-timeout", "PT2S")
                .testTokens().start();
        gw = gateway.gateway();
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static void assertSessionWorks(String session) throws Exception {
        HttpResponse<String> echo = client.post("bulky", "alice", session, call(99, "echo", "{\"message\":\"still here\"}"));
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(response(echo).at("/result/content/0/text").asText()).isEqualTo("Echo: still here");
    }

    static String batch(String... calls) {
        return "[" + String.join(",", calls) + "]";
    }

    @Test
    void aBatchLongerThanTheLimitIsRefusedWholeAndTheSessionGoesOn() throws Exception {
        String session = client.open("bulky", "alice");
        String echo = call(1, "echo", "{}");
        HttpResponse<String> r = client.post("bulky", "alice", session, batch(echo, echo, echo, echo, echo));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = Json.parseUntrusted(r.body());
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(error.at("/error/message").asText()).contains("at most 4 messages").contains("has 5");
        assertThat(client.post("bulky", "alice", session, batch(echo, echo, echo, echo)).statusCode()).isEqualTo(200);
        assertSessionWorks(session);
    }

    @Test
    void aRequestBeyondTheInFlightLimitIsAnsweredAtOnceWithAnError() throws Exception {
        String session = client.open("bulky", "alice");
        HttpResponse<String> r = client.post("bulky", "alice", session, batch(call(1, "slow", "{\"ms\":1500}"),
                call(2, "slow", "{\"ms\":1500}"), call(3, "slow", "{\"ms\":1500}"),
                call(4, "echo", "{\"message\":\"fourth\"}")));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode replies = Json.parseUntrusted(r.body());
        assertThat(replies.get(0).at("/result/content/0/text").asText()).isEqualTo("slow done");
        assertThat(replies.get(1).at("/result/content/0/text").asText()).isEqualTo("slow done");
        assertThat(replies.get(2).at("/result/content/0/text").asText()).isEqualTo("slow done");
        assertThat(replies.get(3).get("id").asInt()).isEqualTo(4);
        assertThat(replies.get(3).at("/error/code").asInt()).isEqualTo(-32000);
        assertThat(replies.get(3).at("/error/message").asText()).contains("Too many requests in flight").contains("limit 3");
        assertSessionWorks(session);
    }

    @Test
    void anAnswerLargerThanTheMessageLimitBecomesAnErrorForItsRequestOnly() throws Exception {
        String session = client.open("bulky", "alice");
        for (String tool : List.of("big", "bigTail")) { // id first, and id last as the TypeScript SDK writes it
            long started = System.nanoTime();
            HttpResponse<String> r = client.post("bulky", "alice", session, call(7, tool, "{\"bytes\":100000}"));
            assertThat(r.statusCode()).as(tool).isEqualTo(200);
            JsonNode reply = response(r);
            assertThat(reply.get("id").asInt()).as(tool).isEqualTo(7);
            assertThat(reply.at("/error/code").asInt()).as(tool).isEqualTo(-32000);
            assertThat(reply.at("/error/message").asText()).as(tool).contains("limit of 65536 bytes");
            // answered when the line ended, not after the request timeout
            assertThat((System.nanoTime() - started) / 1_000_000_000).as(tool).isLessThan(60);
        }
        HttpResponse<String> fits = client.post("bulky", "alice", session, call(8, "big", "{\"bytes\":60000}"));
        assertThat(response(fits).at("/result/content/0/text").asText()).hasSize(60000);
        assertSessionWorks(session);
    }

    @Test
    void answersBeyondTheReplyLimitOfABatchAreReplacedByErrors() throws Exception {
        String session = client.open("bulky", "alice");
        String big = "{\"bytes\":40000}";
        HttpResponse<String> r = client.post("bulky", "alice", session,
                batch(call(1, "big", big), call(2, "big", big), call(3, "big", big)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body().length()).isLessThan(100_000 + 3 * 400);
        JsonNode replies = Json.parseUntrusted(r.body());
        assertThat(replies).hasSize(3);
        int kept = 0;
        int refused = 0;
        for (JsonNode reply : replies) {
            if (reply.has("result")) {
                kept++;
            } else {
                refused++;
                assertThat(reply.at("/error/code").asInt()).isEqualTo(-32000);
                assertThat(reply.at("/error/message").asText()).contains("limit of 100000 bytes");
            }
        }
        assertThat(kept).isEqualTo(2);
        assertThat(refused).isEqualTo(1);
        assertSessionWorks(session);
    }

    @Test
    void anSseClientThatStopsReadingIsDisconnectedNotBufferedWithoutEnd() throws Exception {
        String session = client.open("bulky", "alice");
        long flood = 400L * 50_000;
        try (Socket get = new Socket()) {
            get.setReceiveBufferSize(8192);
            get.connect(new InetSocketAddress("127.0.0.1", gw.port()), 5000);
            OutputStream out = get.getOutputStream();
            out.write(("GET /bulky/mcp HTTP/1.1\r\nHost: 127.0.0.1:" + gw.port() + "\r\nAuthorization: Bearer user-alice\r\n"
                    + "Mcp-Session-Id: " + session + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = get.getInputStream();
            String head = readUntil(in, ": stream open");
            assertThat(head).startsWith("HTTP/1.1 200");
            // The GET stream is open and no longer read. The server floods it with 20 MB of notifications.
            HttpResponse<String> r = client.post("bulky", "alice", session, call(5, "flood", "{\"count\":400,\"bytes\":50000}"),
                    Map.of("Accept", "application/json"));
            assertThat(response(r).at("/result/content/0/text").asText()).isEqualTo("flooded");
            // Now read what reached the socket: the stream was closed well before the 20 MB were queued.
            get.setSoTimeout(30_000);
            long read = 0;
            byte[] buf = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    read += n;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the stream of a client that stopped reading was not closed (read " + read + ")");
            } catch (IOException reset) {
                // closed by a reset: as good as an end of stream
            }
            assertThat(read).isLessThan(flood);
        }
        assertSessionWorks(session);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        List<Byte> seen = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            seen.add((byte) b);
            text.append((char) b);
            if (text.indexOf(marker) >= 0) {
                return text.toString();
            }
        }
        return text.toString();
    }
}
