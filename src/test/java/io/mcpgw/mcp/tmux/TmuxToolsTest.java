package io.mcpgw.mcp.tmux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import io.mcpgw.mcp.builtin.NativeTool;
import io.mcpgw.mcp.builtin.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tmux tools on the system tmux, without the gateway: arguments are data (never shell or tmux syntax), users
 * are isolated, failures are tool errors, the gateway's environment never reaches the shell.
 */
class TmuxToolsTest {
    static Path dataDir;
    static Path canary;
    static Map<String, NativeTool> tools;
    static final NativeServiceDefinition SERVICE = NativeServiceDefinition.parse("tmux", Map.of(
            "tools", List.of("list-sessions"), "timeout", "PT10S", "maxBytes", "65536"), v -> v);

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("tmt");
        canary = Files.createTempFile("tmux-canary", ".txt");
        TmuxRunner runner = new TmuxRunner(dataDir, Map.of("PATH", System.getenv("PATH"), "HOME", dataDir.toString(),
                "GITHUB_CLIENT_SECRET", "s3cret-from-the-gateway"));
        tools = new java.util.TreeMap<>();
        new TmuxTools(runner, new TmuxCommands(Clock.systemUTC())).all().forEach(t -> tools.put(t.name(), t));
    }

    @AfterAll
    static void stop() throws Exception {
        io.mcpgw.mcp.NativeServicesTestSupport.killTmuxServers(dataDir);
        Files.deleteIfExists(canary);
    }

    static ObjectNode call(String user, String tool, String json) throws Exception {
        return ((TmuxTool) tools.get(tool)).call(new TmuxTool.Call(user, (ObjectNode) Json.parseUntrusted(json), SERVICE));
    }

    static String text(ObjectNode r) {
        return r.at("/content/0/text").asText();
    }

    static String pane(String user, String session) throws Exception {
        JsonNode panes = Json.parseUntrusted(text(call(user, "list-panes", "{\"windowId\":" + Json.write(session) + "}")));
        return panes.get(0).get("id").asText();
    }

    static String runToEnd(String user, String pane, String command) throws Exception {
        String started = text(call(user, "execute-command", "{\"paneId\":" + Json.write(pane) + ",\"command\":"
                + Json.write(command) + "}"));
        String id = started.replaceAll("(?s).*Command ID: ([0-9a-f-]{36}).*", "$1");
        String[] result = new String[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            result[0] = text(call(user, "get-command-result", "{\"commandId\":\"" + id + "\"}"));
            return result[0].startsWith("Status:");
        });
        return result[0];
    }

    @Test
    void theNineReferenceToolsWithTheirArguments() {
        assertThat(tools.keySet()).containsExactlyInAnyOrder("list-sessions", "find-session", "list-windows",
                "list-panes", "capture-pane", "create-session", "create-window", "execute-command", "get-command-result");
        JsonNode exec = tools.get("execute-command").descriptor();
        assertThat(exec.at("/inputSchema/required")).extracting(JsonNode::asText).containsExactly("paneId", "command");
        assertThat(exec.at("/inputSchema/properties/rawMode/type").asText()).isEqualTo("boolean");
        assertThat(tools.get("capture-pane").descriptor().at("/inputSchema/properties/lines/type").asText()).isEqualTo("string");
        assertThat(tools.get("create-window").descriptor().at("/inputSchema/required")).extracting(JsonNode::asText)
                .containsExactly("sessionId", "name");
    }

    @Test
    void namesAndTargetsAreDataNotShellOrTmuxSyntax() throws Exception {
        String evil = "x; rm -f " + canary + " #";
        ObjectNode created = call("carol", "create-session", "{\"name\":" + Json.write(evil) + "}");
        assertThat(created.get("isError").asBoolean()).isFalse();
        assertThat(canary).exists();
        JsonNode sessions = Json.parseUntrusted(text(call("carol", "list-sessions", "{}")));
        assertThat(text(created)).startsWith("Session created: {");
        // tmux keeps the name as it is, except that it turns '.' and ':' into '_'
        assertThat(sessions).extracting(s -> s.get("name").asText()).containsExactly(evil.replace('.', '_'));

        for (String target : List.of("$(rm -f " + canary + ")", "%0; rm -f " + canary, "`rm -f " + canary + "`",
                "nosuch\nkill-server", "nosuch -t 0")) {
            ObjectNode r = call("carol", "list-windows", "{\"sessionId\":" + Json.write(target) + "}");
            assertThat(r.get("isError").asBoolean()).as(target).isTrue();
            assertThat(text(r)).as(target).startsWith("Error listing windows: can't find");
            ObjectNode keys = call("carol", "execute-command", "{\"paneId\":" + Json.write(target) + ",\"command\":\"true\"}");
            assertThat(keys.get("isError").asBoolean()).as(target).isTrue();
            assertThat(text(keys)).as(target).startsWith("Error executing command: can't find");
        }
        // An option as a value is the value: "-t" is the target named "-t"
        assertThat(text(call("carol", "list-windows", "{\"sessionId\":\"-t\"}"))).startsWith("Error listing windows: can't find");
        assertThat(canary).exists();
        assertThat(Json.parseUntrusted(text(call("carol", "list-sessions", "{}")))).hasSize(1);
    }

    @Test
    void commandsAreTypedLiterallyAndTheirOutputAndStatusRead() throws Exception {
        call("dave", "create-session", "{\"name\":\"s\"}");
        String pane = pane("dave", "s");
        assertThat(runToEnd("dave", pane, "printf 'a\\nb\\n'"))
                .isEqualTo("Status: completed\nExit code: 0\nCommand: printf 'a\\nb\\n'\n\n--- Output ---\na\nb");
        // Key names are not keys: "C-c" and "Enter" are typed as text (command not found, exit 127).
        assertThat(runToEnd("dave", pane, "C-c Enter")).startsWith("Status: error\nExit code: 127\n");
        assertThat(runToEnd("dave", pane, "env")).doesNotContain("s3cret").doesNotContain("GITHUB_CLIENT_SECRET")
                .contains("PATH=").contains("TERM=");
        ObjectNode capture = call("dave", "capture-pane", "{\"paneId\":" + Json.write(pane) + ",\"lines\":\"5\"}");
        assertThat(capture.get("isError").asBoolean()).isFalse();
        assertThat(text(capture).lines().count()).as("5 history lines and the 24 of the screen").isLessThanOrEqualTo(29);
        ObjectNode raw = call("dave", "execute-command", "{\"paneId\":" + Json.write(pane) + ",\"command\":\"cat\",\"rawMode\":true}");
        String id = text(raw).replaceAll("(?s).*Command ID: ([0-9a-f-]{36}).*", "$1");
        assertThat(text(call("dave", "get-command-result", "{\"commandId\":\"" + id + "\"}"))).isEqualTo(
                "Status: pending\nCommand: cat\n\n--- Message ---\nStatus tracking unavailable for rawMode commands."
                        + " Use capture-pane to monitor interactive apps instead.");
    }

    @Test
    void eachUserHasTheirOwnTmuxServer() throws Exception {
        call("erin", "create-session", "{\"name\":\"secret-work\"}");
        assertThat(text(call("frank", "list-sessions", "{}"))).isEqualTo("[]");
        assertThat(text(call("frank", "find-session", "{\"name\":\"secret-work\"}"))).isEqualTo("Session not found: secret-work");
        ObjectNode windows = call("frank", "list-windows", "{\"sessionId\":\"secret-work\"}");
        assertThat(windows.get("isError").asBoolean()).isTrue();
        assertThat(text(windows)).isEqualTo("Error listing windows: no tmux server is running (create a session first)")
                .doesNotContain(dataDir.toString());
        Path erinDir = dataDir.resolve("tmux").resolve("erin");
        assertThat(Files.getPosixFilePermissions(erinDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        JsonNode found = Json.parseUntrusted(text(call("erin", "find-session", "{\"name\":\"secret-work\"}")));
        assertThat(found.get("name").asText()).isEqualTo("secret-work");
        assertThat(found.get("windows").asInt()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreInvalidParamsAndUnknownThingsToolErrors() throws Exception {
        for (String[] c : new String[][]{{"find-session", "{}"}, {"list-windows", "{\"sessionId\":7}"},
                {"list-panes", "{\"windowId\":\"\"}"}, {"execute-command", "{\"paneId\":\"%0\"}"},
                {"execute-command", "{\"paneId\":\"%0\",\"command\":\"ls\",\"rawMode\":\"yes\"}"},
                {"get-command-result", "{\"commandId\":null}"}, {"create-window", "{\"sessionId\":\"s\"}"}}) {
            assertThatThrownBy(() -> call("gina", c[0], c[1])).as(c[0] + " " + c[1]).isInstanceOf(RpcException.class)
                    .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(RpcException.INVALID_PARAMS));
        }
        ObjectNode unknown = call("gina", "get-command-result", "{\"commandId\":\"0000\"}");
        assertThat(unknown.get("isError").asBoolean()).isTrue();
        assertThat(text(unknown)).isEqualTo("Command not found: 0000");
        call("gina", "create-session", "{\"name\":\"g\"}");
        for (String lines : List.of("abc", "-5", "0", "99999999999", "1e3")) {
            ObjectNode r = call("gina", "capture-pane", "{\"paneId\":\"g\",\"lines\":" + Json.write(lines) + "}");
            assertThat(r.get("isError").asBoolean()).as(lines).isTrue();
            assertThat(text(r)).as(lines).isEqualTo("Error capturing pane content: lines must be a whole number from 1 to 10000");
        }
        ObjectNode window = call("gina", "create-window", "{\"sessionId\":\"nosuch\",\"name\":\"w\"}");
        assertThat(window.get("isError").asBoolean()).isTrue();
        assertThat(text(window)).startsWith("Error creating window: can't find");
    }

    @Test
    void withoutTmuxOnPathTheToolsAreUnavailable() {
        TmuxRunner none = new TmuxRunner(dataDir, Map.of("PATH", dataDir.toString()));
        assertThat(none.unavailable()).hasValueSatisfying(r -> assertThat(r).contains("tmux is not installed"));
        List<NativeTool> list = new TmuxTools(none, new TmuxCommands(Clock.systemUTC())).all();
        assertThat(list).allSatisfy(t -> assertThat(t.unavailable()).isPresent());
    }
}
