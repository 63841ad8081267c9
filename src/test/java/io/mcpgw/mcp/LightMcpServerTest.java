package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.GatewayWithServices;
import io.mcpgw.testsupport.InProcessGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/light-mcp.sh}, the awk stdio MCP server of the session benchmark: it speaks enough MCP for a real
 * client through the real gateway (initialize, tools/list, tools/call echo, ping, errors), and stays a few MB.
 */
class LightMcpServerTest {
    static final Path SCRIPT = Path.of("bench/light-mcp.sh").toAbsolutePath();

    static GatewayWithServices gateway;
    static InProcessGateway gw;
    static McpTestClient client;

    /** The service file of the light server, for this test and the session benchmark. */
    static String serviceFile() {
        return "# light: the awk MCP server of the benchmarks\ncommand: " + SCRIPT + "\n";
    }

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayWithServices.builder().service("light", serviceFile())
                .property("gateway.mcp.kill-grace", "PT0.3S").testTokens().start();
        gw = gateway.gateway();
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void initializeThenToolsCallEchoRoundTripThroughTheGateway() throws Exception {
        HttpResponse<String> init = client.post("light", "alice", null, McpTestClient.initialize("2025-06-18"));
        assertThat(init.statusCode()).isEqualTo(200);
        JsonNode result = response(init).path("result");
        assertThat(result.path("protocolVersion").asText()).isEqualTo("2025-06-18");
        assertThat(result.at("/serverInfo/name").asText()).isEqualTo("light-mcp");
        assertThat(result.path("capabilities").has("tools")).isTrue();
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(client.post("light", "alice", session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .statusCode()).isEqualTo(202);

        JsonNode tools = response(client.post("light", "alice", session,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        assertThat(tools.at("/result/tools/0/name").asText()).isEqualTo("echo");
        assertThat(tools.at("/result/tools").size()).isEqualTo(1);

        JsonNode echo = response(client.post("light", "alice", session,
                call(2, "echo", "{\"message\":\"say \\\"hi\\\" \\\\ é\"}")));
        assertThat(echo.path("id").asInt()).isEqualTo(2);
        assertThat(echo.at("/result/content/0/text").asText()).isEqualTo("Echo: say \"hi\" \\ é");

        JsonNode ping = response(client.post("light", "alice", session, "{\"jsonrpc\":\"2.0\",\"id\":\"p-1\",\"method\":\"ping\"}"));
        assertThat(ping.path("id").asText()).isEqualTo("p-1");
        assertThat(ping.path("result").isObject()).isTrue();

        JsonNode unknown = response(client.post("light", "alice", session,
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/list\"}"));
        assertThat(unknown.at("/error/code").asInt()).isEqualTo(-32601);
        JsonNode noTool = response(client.post("light", "alice", session, call(4, "nope", "{}")));
        assertThat(noTool.at("/error/code").asInt()).isEqualTo(-32602);
        JsonNode noMessage = response(client.post("light", "alice", session, call(5, "echo", "{}")));
        assertThat(noMessage.at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void bareItAnswersLineByLineIgnoresNotificationsOffersItsLatestRevisionAndStaysSmall() throws Exception {
        Process p = new ProcessBuilder(SCRIPT.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            OutputStream in = p.getOutputStream();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // a notification first: no answer; then an initialize with a revision it does not speak
            in.write(("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + McpTestClient.initialize("1999-01-01").replace("\"id\":0", "\"id\":7") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            in.flush();
            JsonNode init = Json.parseUntrusted(out.readLine()); // read while stdin stays open: line by line
            assertThat(init.path("id").asInt()).isEqualTo(7);
            assertThat(init.at("/result/protocolVersion").asText()).isEqualTo("2025-11-25");
            long rssKb = Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                    .findFirst().orElseThrow();
            assertThat(rssKb).as("resident KiB of the light server").isLessThan(8 * 1024);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
