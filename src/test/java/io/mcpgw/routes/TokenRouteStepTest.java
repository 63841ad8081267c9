package io.mcpgw.routes;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.code.AuthorizationCode;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import io.mcpgw.role.RoleRoutes;
import io.mcpgw.config.GatewayRole;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The walkthrough of docs/ROUTES.md ("add a step to /token") as a test: the YAML step shown there is inserted into a
 * copy of routes/tokens.camel.yaml between {@code token-authenticate-client} and {@code token-grant}, the gateway
 * (authorization server role) runs with that file, and the step's effect is observed over HTTP and in the log.
 */
public class TokenRouteStepTest {
    static final String REDIRECT = "http://127.0.0.1:9696/cb";
    static final String VERIFIER = "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path routes;
    static InProcessGateway gw;
    static ListAppender<ILoggingEvent> audit = new ListAppender<>();

    @BeforeAll
    static void startWithTheDocumentedStep() throws Exception {
        Path tokens = routes.resolve("tokens.camel.yaml");
        Files.writeString(tokens, withStepBeforeGrant(
                Files.readString(Path.of("src/main/resources/routes/tokens.camel.yaml")), documentedStep()));
        String pattern = RoleRoutes.includePattern(GatewayRole.AUTH)
                .replace("classpath:routes/tokens.camel.yaml", "file:" + tokens);
        assertThat(pattern).contains("file:" + tokens);
        audit.start();
        ((Logger) LoggerFactory.getLogger("io.mcpgw.token-audit")).addAppender(audit);
        gw = InProcessGateway.start(Map.of("GATEWAY_ROLE", "auth"), Map.of(),
                Map.of("camel.main.routes-include-pattern", pattern));
        gw.bean("clientRepository", ClientRepository.class).save(new RegisteredClient("pub", Optional.empty(),
                RegisteredClient.AUTH_NONE, List.of(REDIRECT), "pub", "mcp:tools",
                List.of("authorization_code", "refresh_token"), List.of("code"), Map.of(), 0, 0, "h"));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
        ((Logger) LoggerFactory.getLogger("io.mcpgw.token-audit")).detachAppender(audit);
    }

    /** The first ```yaml block after the walkthrough's heading in docs/ROUTES.md. */
    public static String documentedStep() throws Exception {
        String doc = Files.readString(Path.of("docs/ROUTES.md"));
        int section = doc.indexOf("## Walkthrough: add a step to `/token`");
        assertThat(section).as("walkthrough heading in docs/ROUTES.md").isPositive();
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find(section)).as("yaml block in the walkthrough").isTrue();
        return m.group(1);
    }

    /** {@code step} inserted before the {@code - process:} item (and its comment lines) whose id is token-grant. */
    public static String withStepBeforeGrant(String yaml, String step) {
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        int at = lines.indexOf("            id: token-grant") - 1;
        assertThat(lines.get(at)).isEqualTo("        - process:");
        while (lines.get(at - 1).strip().startsWith("#")) {
            at--;
        }
        lines.add(at, step.stripTrailing());
        return String.join("\n", lines);
    }

    @Test
    void theInsertedStepRefusesTheRefreshGrantAndLogsTheClient() throws Exception {
        HttpResponse<String> tokens = post(form("grant_type", "authorization_code", "client_id", "pub", "code",
                code(), "redirect_uri", REDIRECT, "code_verifier", VERIFIER));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String refreshToken = Json.parseUntrusted(tokens.body()).get("refresh_token").asText();

        HttpResponse<String> refresh = post(form("grant_type", "refresh_token", "client_id", "pub", "refresh_token",
                refreshToken));

        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(Json.parseUntrusted(refresh.body()).get("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(Json.parseUntrusted(refresh.body()).get("error_description").asText())
                .isEqualTo("this gateway offers no refresh_token grant");
        assertThat(refresh.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("event=refresh_refused client=pub");
    }

    /** Bad input: an unknown client asking for refresh_token is stopped by the earlier step, before the new one. */
    @Test
    void anUnauthenticatedRefreshNeverReachesTheInsertedStep() throws Exception {
        int before = audit.list.size();
        HttpResponse<String> refresh = post(form("grant_type", "refresh_token", "client_id", "nobody",
                "refresh_token", "x"));
        assertThat(refresh.statusCode()).isEqualTo(401);
        assertThat(refresh.body()).contains("\"error\":\"invalid_client\"");
        assertThat(audit.list).hasSize(before);
    }

    static HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gw.uri("/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parts.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    static String code() {
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.sha256(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        return gw.bean("authorizationCodeStore", AuthorizationCodeStore.class).issue(new AuthorizationCode("pub",
                REDIRECT, challenge, "mcp:tools", List.of(gw.issuer() + "/everything/mcp"),
                new UserIdentity("1", "alice", null, "Alice"), Secrets.random(16), 0));
    }
}
