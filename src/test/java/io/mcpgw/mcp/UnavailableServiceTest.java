package io.mcpgw.mcp;

import static io.mcpgw.mcp.McpTestClient.initialize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.stdio.StdioProcess;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.GatewayWithServices;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An unavailable service costs the user nothing: {@code ghost} names an npm package that is not installed. It is not
 * advertised (no protected resource metadata, not among the resources a token gets by default, its MCP URL is 404
 * without a token), {@code /authorize} for it ends at once in {@code invalid_target} whose description says why and
 * names no local path, and its health says why. A child that dies at start logs its last stderr lines at WARN.
 */
class UnavailableServiceTest {
    static GatewayWithServices gateway;
    static InProcessGateway gw;
    static McpTestClient client;
    static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        LOG.start();
        ((Logger) LoggerFactory.getLogger(StdioProcess.class)).addAppender(LOG);
        gateway = GatewayWithServices.builder()
                .service("ghost", """
                        command: npx
                        args: ["@example/not-installed-mcp-server"]
                        """)
                .service("dying", NodeModules.serviceFile("dying", "dies-at-start.js", ""))
                .env("REGISTER_RATE_LIMIT", "0").property("gateway.mcp.kill-grace", "PT0.3S")
                .testTokens().start();
        gw = gateway.gateway();
        client = new McpTestClient(gw);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(StdioProcess.class)).detachAppender(LOG);
        gateway.close();
    }

    @Test
    void anUnavailableServiceIsNotAdvertised() throws Exception {
        assertThat(get("/.well-known/oauth-protected-resource/ghost/mcp").statusCode()).isEqualTo(404);
        assertThat(get("/.well-known/oauth-protected-resource/everything/mcp").statusCode()).isEqualTo(200);
        ResourceCatalog catalog = gw.bean("resourceCatalog", ResourceCatalog.class);
        assertThat(catalog.services()).contains("everything").doesNotContain("ghost");
        assertThat(catalog.allPrimaryResources()).noneMatch(r -> r.contains("/ghost/"));
        // Its MCP URL is not there, with or without a token: no 401 that would start an OAuth dance, no 503.
        assertThat(client.post("ghost", null, null, initialize("2025-06-18")).statusCode()).isEqualTo(404);
        assertThat(client.post("ghost", "alice", null, initialize("2025-06-18")).statusCode()).isEqualTo(404);
    }

    @Test
    void authorizeForAnUnavailableServiceIsInvalidTargetWithTheReasonAndNoPath() {
        DevLoginClient registered = new DevLoginClient(gw.uri("").toString());
        String resource = gw.issuer() + "/ghost/mcp";
        HttpResponse<String> r = new BrowserSession().get(URI.create(gw.uri("/authorize") + "?response_type=code&client_id="
                + enc(registered.clientId()) + "&redirect_uri=" + enc(DevLoginClient.REDIRECT)
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&state=s1"
                + "&resource=" + enc(resource)));
        // Errors before consent are a page, never a redirect to a self-registered URL (docs/SECURITY.md, Browser flow).
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body())
                .contains("invalid_target")
                .contains("&#39;ghost&#39; is unavailable")
                .contains("@example&#47;not-installed-mcp-server is not installed in node_modules")
                .doesNotContain(Path.of("").toAbsolutePath().toString());
        // A resource that is no service at all keeps the generic description.
        HttpResponse<String> unknown = new BrowserSession().get(URI.create(gw.uri("/authorize")
                + "?response_type=code&client_id=" + enc(registered.clientId()) + "&redirect_uri="
                + enc(DevLoginClient.REDIRECT) + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&code_challenge_method=S256&state=s2&resource=" + enc(gw.issuer() + "/nosuch/mcp")));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("resource is not an MCP service of this gateway");
    }

    @Test
    void theHealthOfAnUnavailableServiceSaysWhy() throws Exception {
        HttpResponse<String> health = get("/health/services/ghost");
        assertThat(Json.parseUntrusted(health.body()).get("status").asText()).isEqualTo("unavailable");
        assertThat(Json.parseUntrusted(health.body()).get("reason").asText()).contains("@example/not-installed-mcp-server");
    }

    @Test
    void aChildThatDiesAtStartLogsItsLastStderrLinesAtWarn() throws Exception {
        HttpResponse<String> r = client.post("dying", "alice", null, initialize("2025-06-18"));
        assertThat(McpTestClient.response(r).at("/error/message").asText()).contains("exited (exit code 1)");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(LOG.list).anySatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("WARN");
            assertThat(e.getFormattedMessage()).contains("event=child_failed service=dying").contains("exit_code=1")
                    .contains("line 6 |").contains("line 25: Executable does not exist at chromium")
                    .doesNotContain("line 5 |");
        }));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.http.send(HttpRequest.newBuilder(gw.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
