package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.GatewayWithServices;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client's {@code notifications/cancelled} reaches the child under the gateway id of the very request it names:
 * the string id {@code "5"} and the number {@code 5} are two requests, never confused; an id nothing is waiting under
 * ({@code "nope"}, {@code 5.5}) is not forwarded.
 */
class CancelledRequestIdsTest {
    static GatewayWithServices gateway;
    static InProcessGateway gw;
    static McpTestClient client;

    @BeforeAll
    static void start() {
        gateway = GatewayWithServices.builder()
                .service("silent", NodeModules.serviceFile("silent", "silent.js", ""))
                .property("gateway.mcp.request-timeout", "PT120S").property("gateway.mcp.kill-grace", "PT0.3S")
                .testTokens().start();
        gw = gateway.gateway();
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aStringIdAndTheSameNumberAreCancelledSeparately() throws Exception {
        String session = client.open("silent", "alice");
        List<CompletableFuture<HttpResponse<String>>> hanging = new ArrayList<>();
        hanging.add(hang(session, "\"5\""));
        // forwarded as soon as the gateway holds the request: its gateway id is the first the child sees cancelled
        long stringRequest = cancelUntilNew(session, "\"5\"", List.of());
        hanging.add(hang(session, "5"));
        long numberRequest = cancelUntilNew(session, "5", List.of(stringRequest));
        assertThat(numberRequest).isGreaterThan(stringRequest); // gateway ids only grow

        int before = cancelled(session).size();
        cancel(session, "\"5\""); // with both in flight, the string still names the first request
        await().atMost(Duration.ofSeconds(10)).until(() -> cancelled(session).size() > before);
        List<Long> seen = cancelled(session);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(stringRequest);

        cancel(session, "\"nope\"");
        cancel(session, "5.5");
        cancel(session, "5"); // a marker after the two that must not be forwarded
        await().atMost(Duration.ofSeconds(10)).until(() -> cancelled(session).size() > seen.size());
        assertThat(cancelled(session).subList(seen.size(), cancelled(session).size())).containsExactly(numberRequest);

        client.send("DELETE", "silent", "alice", session, Map.of());
        for (CompletableFuture<HttpResponse<String>> f : hanging) {
            assertThat(response(f.get()).at("/error/code").asInt()).isEqualTo(-32000); // the session ended
        }
    }

    private static CompletableFuture<HttpResponse<String>> hang(String session, String id) {
        return client.http.sendAsync(HttpRequest.newBuilder(gw.uri("/silent/mcp")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", McpTestClient.BOTH)
                .header("Authorization", "Bearer user-alice").header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + id
                        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"hang\",\"arguments\":{}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Cancels {@code id} until the child reports a gateway id not in {@code known}; returns it. */
    private static long cancelUntilNew(String session, String id, List<Long> known) throws Exception {
        long[] found = new long[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (long g : cancelled(session)) {
                if (!known.contains(g)) {
                    found[0] = g;
                    return true;
                }
            }
            cancel(session, id);
            return false;
        });
        return found[0];
    }

    private static void cancel(String session, String id) throws Exception {
        HttpResponse<String> r = client.post("silent", "alice", session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id + "}}");
        assertThat(r.statusCode()).isEqualTo(202);
    }

    private static int calls;

    /** The gateway ids the child was told were cancelled, in order. */
    private static List<Long> cancelled(String session) throws Exception {
        JsonNode r = response(client.post("silent", "alice", session, call("list-" + ++calls, "cancelled", "{}")));
        List<Long> ids = new ArrayList<>();
        Json.parseUntrusted(r.at("/result/content/0/text").asText()).forEach(n -> ids.add(n.asLong()));
        return ids;
    }
}
