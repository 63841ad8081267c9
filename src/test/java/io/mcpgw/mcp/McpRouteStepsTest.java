package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.call;
import static io.mcpgw.mcp.McpTestClient.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.service.McpServices;
import io.mcpgw.testsupport.GatewayWithServices;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Editing one service's MCP route in YAML, without Java (the walkthrough of docs/ROUTES.md): a service file's
 * {@code steps} log every {@code tools/call} name, refuse one tool ({@code McpRefuse}) and set a response header;
 * observed over HTTP through the gateway. Also: a batch's elements pass the steps one by one, a client cannot set
 * the gateway's headers, an edited file takes effect without a restart, and a step Camel cannot build is rejected
 * while the running version keeps serving.
 */
class McpRouteStepsTest {
    static GatewayWithServices gateway;
    static InProcessGateway gw;
    static McpTestClient client;
    static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();

    static String file(String refusedTool) {
        return NodeModules.serviceFile("audited", "basic.js", """
                steps:
                  - filter:
                      simple: "${header.McpMethod} == 'tools/call'"
                      steps:
                        - log:
                            logName: mcp.audit
                            message: "tools/call ${header.McpToolName} by ${header.McpUser}"
                        - setHeader:
                            name: Cache-Control
                            constant: no-store
                  - filter:
                      simple: "${header.McpToolName} == '%s'"
                      steps:
                        - setHeader:
                            name: McpRefuse
                            constant: the %s tool is switched off here
                """.formatted(refusedTool, refusedTool));
    }

    @BeforeAll
    static void start() throws Exception {
        Logger audit = (Logger) LoggerFactory.getLogger("mcp.audit");
        AUDIT.start();
        audit.addAppender(AUDIT);
        gateway = GatewayWithServices.builder().service("audited", file("pids"))
                .property("gateway.mcp.kill-grace", "PT0.3S").testTokens().start();
        gw = gateway.gateway();
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        ((Logger) LoggerFactory.getLogger("mcp.audit")).detachAppender(AUDIT);
    }

    @Test
    void aLogStepSeesEveryToolCallAndARefusedToolNeverReachesTheServer() throws Exception {
        String session = client.open("audited", "alice");
        HttpResponse<String> echo = client.post("audited", "alice", session, call(1, "echo", "{\"message\":\"hi\"}"),
                Map.of("Accept", "application/json"));
        assertThat(response(echo).at("/result/content/0/text").asText()).isEqualTo("Echo: hi");
        assertThat(echo.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(AUDIT.list).extracting(ILoggingEvent::getFormattedMessage).contains("tools/call echo by alice");

        HttpResponse<String> refused = client.post("audited", "alice", session, call(2, "pids", "{}"));
        assertThat(refused.statusCode()).isEqualTo(200);
        JsonNode error = response(refused);
        assertThat(error.at("/id").asInt()).isEqualTo(2);
        assertThat(error.at("/error/code").asInt()).isEqualTo(-32003);
        assertThat(error.at("/error/message").asText()).isEqualTo("Refused: the pids tool is switched off here");
        assertThat(AUDIT.list).extracting(ILoggingEvent::getFormattedMessage).contains("tools/call pids by alice");

        // the session survives a refusal
        assertThat(response(client.post("audited", "alice", session, call(3, "echo", "{\"message\":\"again\"}")))
                .at("/result/content/0/text").asText()).isEqualTo("Echo: again");
        // tools/list is not a tools/call: not logged as one, not refused
        JsonNode list = response(client.post("audited", "alice", session,
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}"));
        assertThat(list.at("/result/tools").isArray()).isTrue();
    }

    @Test
    void aStatelessRequestPassesTheSameStepsAsASessionsMessage() throws Exception {
        HttpResponse<String> echo = client.post("audited", "erin", null, StatelessProtocolTest.body(1, "tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"message\":\"stateless\"}}"), StatelessProtocolTest.headers("tools/call", "echo"));
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(response(echo).at("/result/content/0/text").asText()).isEqualTo("Echo: stateless");
        assertThat(echo.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(echo.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization")
                || h.equalsIgnoreCase("Mcp-Method") || h.equalsIgnoreCase("Mcp-Name"));
        assertThat(AUDIT.list).extracting(ILoggingEvent::getFormattedMessage).contains("tools/call echo by erin");

        HttpResponse<String> refused = client.post("audited", "erin", null, StatelessProtocolTest.body(2, "tools/call",
                "{\"name\":\"pids\",\"arguments\":{}}"), StatelessProtocolTest.headers("tools/call", "pids"));
        assertThat(response(refused).at("/id").asInt()).isEqualTo(2);
        assertThat(response(refused).at("/error/code").asInt()).isEqualTo(-32003);
        assertThat(AUDIT.list).extracting(ILoggingEvent::getFormattedMessage).contains("tools/call pids by erin");
    }

    @Test
    void aBatchPassesTheStepsElementByElement() throws Exception {
        String session = client.open("audited", "bob");
        HttpResponse<String> r = client.post("audited", "bob", session, "[" + call(1, "echo", "{\"message\":\"a\"}")
                + "," + call(2, "pids", "{}") + "]", Map.of("Accept", "application/json",
                "MCP-Protocol-Version", "2025-03-26"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode batch = Json.parseUntrusted(r.body());
        assertThat(batch.get(0).at("/result/content/0/text").asText()).isEqualTo("Echo: a");
        assertThat(batch.get(1).at("/error/code").asInt()).isEqualTo(-32003);
        assertThat(AUDIT.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("tools/call echo by bob", "tools/call pids by bob");
    }

    @Test
    void aClientCannotSetTheHeadersTheStepsRelyOn() throws Exception {
        String session = client.open("audited", "carol");
        // bad inputs: a forged McpToolName naming the refused tool, a forged McpRefuse, a forged McpUser
        HttpResponse<String> r = client.post("audited", "carol", session, call(1, "echo", "{\"message\":\"x\"}"),
                Map.of("McpToolName", "pids", "McpRefuse", "forged", "McpUser", "mallory"));
        assertThat(response(r).at("/result/content/0/text").asText()).isEqualTo("Echo: x");
        assertThat(AUDIT.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("tools/call echo by carol").doesNotContain("tools/call echo by mallory");
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("mcp") && !h.equalsIgnoreCase("mcp-session-id"));
    }

    @Test
    void anEditedFileTakesEffectWithoutRestartAndABrokenStepKeepsTheRunningVersion() throws Exception {
        gateway.writeService("audited", file("echo"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String session = client.open("audited", "dave");
            assertThat(response(client.post("audited", "dave", session, call(1, "echo", "{}")))
                    .at("/error/message").asText()).isEqualTo("Refused: the echo tool is switched off here");
        });

        // bad input: a step Camel does not know
        gateway.writeService("audited", NodeModules.serviceFile("audited", "basic.js",
                "steps:\n  - teleport:\n      to: mars\n"));
        await().atMost(Duration.ofSeconds(15)).until(() -> gw.bean("mcpServices", McpServices.class).rejectedFiles()
                .getOrDefault(gateway.servicesDir().resolve("audited.camel.yaml").toString(), List.of()).toString()
                .contains("Unknown node id: teleport"));
        String session = client.open("audited", "dave");
        assertThat(response(client.post("audited", "dave", session, call(1, "echo", "{}")))
                .at("/error/message").asText()).isEqualTo("Refused: the echo tool is switched off here");

        gateway.writeService("audited", file("pids"));
        // While the route is swapped, requests wait for the new consumer (McpHttpMount): never a 404 page in the gap.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String s = client.open("audited", "dave");
            assertThat(response(client.post("audited", "dave", s, call(1, "echo", "{\"message\":\"back\"}")))
                    .at("/result/content/0/text").asText()).isEqualTo("Echo: back");
        });
    }
}
