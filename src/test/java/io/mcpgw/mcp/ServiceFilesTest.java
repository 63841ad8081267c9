package io.mcpgw.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.mcp.service.InvalidServiceException;
import io.mcpgw.mcp.service.ServiceDefinition;
import io.mcpgw.mcp.service.ServiceFileCheck;
import io.mcpgw.mcp.service.ServiceLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Service files: the bundled ones follow the one-template-call rule; the parameter contract reports all problems. */
class ServiceFilesTest {

    @Test
    void everyBundledServiceFileIsOneTemplatedRouteNamedAfterItsFile() throws Exception {
        Path dir = Path.of("src/main/resources/services");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "everything.camel.yaml", "memory.camel.yaml", "filesystem.camel.yaml", "sequentialthinking.camel.yaml",
                "tmux.camel.yaml", "playwright.camel.yaml", "fetch.camel.yaml", "time.camel.yaml", "fetchs.camel.yaml");
        for (Path f : files) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain("{{");
            assertThat(ServiceFileCheck.problems(f.getFileName().toString(), Files.readString(f), v -> v))
                    .as(f.toString()).isEmpty();
        }
    }

    @Test
    void parseReportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ServiceDefinition.parse(Map.of("name", "Bad_Name", "args", "[1]", "env", "{\"1X\":\"v\"}",
                "maxSessionsPerUser", "-1", "extra", "x")))
                .isInstanceOf(InvalidServiceException.class)
                .satisfies(e -> assertThat(((InvalidServiceException) e).problems()).hasSize(6)
                        .anyMatch(p -> p.contains("unknown parameter 'extra'"))
                        .anyMatch(p -> p.contains("missing required parameter 'command'"))
                        .anyMatch(p -> p.contains("name 'Bad_Name'"))
                        .anyMatch(p -> p.contains("args must contain only strings"))
                        .anyMatch(p -> p.contains("env name '1X'"))
                        .anyMatch(p -> p.contains("maxSessionsPerUser must be 0")));
    }

    @Test
    void nativeServiceParametersReportEveryProblemAtOnce() {
        assertThatThrownBy(() -> io.mcpgw.mcp.builtin.NativeServiceDefinition.parse(Map.of("name", "fetchs",
                "tools", "fetch,teleport", "maxBytes", "0", "timeout", "soon", "maxRedirects", "99", "command", "x")))
                .isInstanceOf(InvalidServiceException.class)
                .satisfies(e -> assertThat(((InvalidServiceException) e).problems()).hasSize(5)
                        .anyMatch(p -> p.contains("unknown tool 'teleport'"))
                        .anyMatch(p -> p.contains("maxBytes must be between"))
                        .anyMatch(p -> p.contains("timeout 'soon' is not a duration"))
                        .anyMatch(p -> p.contains("maxRedirects must be between 0 and 20"))
                        .anyMatch(p -> p.contains("unknown parameter 'command'")));
        var d = io.mcpgw.mcp.builtin.NativeServiceDefinition.parse(Map.of("name", "fetchs", "timeout", "12"));
        assertThat(d.timeout()).hasSeconds(12);
        assertThat(d.maxBytes()).isEqualTo(1048576);
        assertThat(d.maxRedirects()).isEqualTo(5);
        assertThat(d.tools()).containsExactly("fetch");
    }

    @Test
    void aServiceFileMustNameOneOfTheTwoTemplates() {
        String text = """
                - templatedRoute:
                    routeTemplateRef: mcp-python-service
                    routeId: mcp-odd
                    parameters:
                      - name: name
                        value: odd
                """;
        assertThat(ServiceFileCheck.problems("odd.camel.yaml", text, v -> v))
                .anyMatch(p -> p.contains("routeTemplateRef must be mcp-stdio-service or mcp-native-service"));
    }

    @Test
    void argsAndEnvAcceptJsonOrCommaLists() {
        ServiceDefinition json = ServiceDefinition.parse(Map.of("name", "x", "command", "node",
                "args", "[\"a, b\", \"c\"]", "env", "{\"A\": \"1\", \"B\": \"x=y\"}"));
        assertThat(json.args()).containsExactly("a, b", "c");
        assertThat(json.env()).containsEntry("A", "1").containsEntry("B", "x=y");
        ServiceDefinition comma = ServiceDefinition.parse(Map.of("name", "x", "command", "node", "args", "a,b", "env", "A=1,B=2"));
        assertThat(comma.args()).containsExactly("a", "b");
        assertThat(comma.env()).containsEntry("B", "2");
    }

    @Test
    void userIdsBecomeCollisionFreePathSafeNames() {
        assertThat(ServiceLauncher.pathSafe("alice")).isEqualTo("alice");
        assertThat(ServiceLauncher.pathSafe("../etc")).doesNotContain("/").doesNotStartWith(".");
        assertThat(ServiceLauncher.pathSafe("a/b")).isNotEqualTo(ServiceLauncher.pathSafe("a_b")).doesNotContain("/");
    }

    @Test
    void noShellIsEverUsedToStartAChild() throws Exception {
        try (Stream<Path> s = Files.walk(Path.of("src/main/java/io/mcpgw/mcp"))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("\"sh\"").doesNotContain("\"bash\"")
                        .doesNotContain("\"-c\"");
            }
        }
    }
}
