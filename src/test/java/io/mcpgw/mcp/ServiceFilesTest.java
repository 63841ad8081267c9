package io.mcpgw.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.mcp.builtin.NativeServiceDefinition;
import io.mcpgw.mcp.files.ServiceFileCheck;
import io.mcpgw.mcp.service.InvalidServiceException;
import io.mcpgw.mcp.service.ServiceParameter;
import io.mcpgw.mcp.stdio.ServiceLauncher;
import io.mcpgw.mcp.stdio.StdioDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Service files: the bundled ones are valid and carry no default-valued line; the name is the file's; the parameter
 * tables report every problem at once, each naming its key and title, and document every key.
 */
class ServiceFilesTest {
    private static final UnaryOperator<String> SRV = v -> v.replace("{{gateway.example.root}}", "/srv");

    @Test
    void everyBundledServiceFileIsValidAndNamesOnlyWhatDiffersFromTheDefault() throws Exception {
        Path dir = Path.of("src/main/resources/services");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "everything.camel.yaml", "memory.camel.yaml", "filesystem.camel.yaml", "sequentialthinking.camel.yaml",
                "tmux.camel.yaml", "playwright.camel.yaml", "fetch.camel.yaml", "time.camel.yaml", "fetchs.camel.yaml");
        for (Path f : files) {
            String text = Files.readString(f);
            assertThat(text).as(f.toString()).doesNotContain("{{");
            var checked = ServiceFileCheck.check(f.getFileName().toString(), text, v -> v);
            assertThat(checked.problems()).as(f.toString()).isEmpty();
            assertThat(checked.definition().name()).isEqualTo(ServiceFileCheck.serviceName(f.getFileName().toString()));
            List<ServiceParameter> table = checked.definition() instanceof StdioDefinition
                    ? StdioDefinition.PARAMETERS : NativeServiceDefinition.PARAMETERS;
            for (ServiceParameter p : table) {
                if (p.defaultValue() instanceof String || p.defaultValue() instanceof Number) {
                    assertThat(text).as(f + " restates the default of " + p.key())
                            .doesNotContainPattern("(?m)^" + p.key() + ": \"?" + java.util.regex.Pattern.quote(
                                    String.valueOf(p.defaultValue())) + "\"?$");
                }
            }
            assertThat(text).as(f.toString()).doesNotContain("templatedRoute").doesNotContain("env: {}")
                    .doesNotContain("args: []").doesNotContain("'[");
        }
    }

    @Test
    void stdioKeysReportEveryProblemAtOnceNamingKeyAndTitle() {
        Map<String, Object> raw = Map.of("args", List.of(1, List.of("x")), "env", Map.of("1X", "v"),
                "maxSessionsPerUser", "-1", "extra", "x", "workingDir", "a\u0001b");
        assertThatThrownBy(() -> StdioDefinition.parse("x", raw, v -> v))
                .isInstanceOf(InvalidServiceException.class)
                .satisfies(e -> assertThat(((InvalidServiceException) e).problems()).hasSize(6)
                        .anyMatch(p -> p.startsWith("unknown key 'extra' (known: backend, maxSessionsPerUser, steps,"))
                        .anyMatch(p -> p.startsWith("command (Command): is required"))
                        .anyMatch(p -> p.equals("args (Arguments): its entries must be strings"))
                        .anyMatch(p -> p.equals("env (Environment): '1X' is not a valid variable name"))
                        .anyMatch(p -> p.startsWith("maxSessionsPerUser (Sessions per user): must be between 0 and"))
                        .anyMatch(p -> p.equals("workingDir (Working directory): must not contain control characters")));
    }

    @Test
    void nativeKeysReportEveryProblemAtOnce() {
        assertThatThrownBy(() -> NativeServiceDefinition.parse("fetchs", Map.of("tools", List.of("fetch", "teleport"),
                "maxBytes", 0, "timeout", "soon", "maxRedirects", 99, "command", "x"), v -> v))
                .isInstanceOf(InvalidServiceException.class)
                .satisfies(e -> assertThat(((InvalidServiceException) e).problems()).hasSize(5)
                        .anyMatch(p -> p.contains("tools (Tools): unknown tool 'teleport'"))
                        .anyMatch(p -> p.contains("maxBytes (Response limit): must be between"))
                        .anyMatch(p -> p.contains("timeout (Timeout): 'soon' is not a duration"))
                        .anyMatch(p -> p.contains("maxRedirects (Redirects): must be between 0 and 20"))
                        .anyMatch(p -> p.contains("unknown key 'command'")));
        var d = NativeServiceDefinition.parse("fetchs", Map.of("timeout", 12), v -> v);
        assertThat(d.timeout()).hasSeconds(12);
        assertThat(d.maxBytes()).isEqualTo(1048576);
        assertThat(d.maxRedirects()).isEqualTo(5);
        assertThat(d.tools()).containsExactly("fetch");
    }

    @Test
    void aFileIsAMappingNamedByItsFileWithAKnownBackend() {
        assertThat(ServiceFileCheck.problems("odd.camel.yaml", "backend: python\n", v -> v))
                .containsExactly("backend (Backend): must be stdio or native (found python)");
        assertThat(ServiceFileCheck.problems("Bad_Name.camel.yaml", "command: node\n", v -> v))
                .anyMatch(p -> p.startsWith("file name must be <service>.camel.yaml"));
        assertThat(ServiceFileCheck.problems("old.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: mcp-stdio-service
                """, v -> v)).anyMatch(p -> p.startsWith("a templatedRoute is not a service file any more"));
        assertThat(ServiceFileCheck.problems("dup.camel.yaml", "command: a\ncommand: b\n", v -> v))
                .anyMatch(p -> p.startsWith("not valid YAML"));
        assertThat(ServiceFileCheck.problems("steps.camel.yaml", "command: a\nsteps: {log: x}\n", v -> v))
                .containsExactly("steps (Route steps): must be a list of Camel steps, each one key (- log: ..., - filter: ...)");
        assertThat(ServiceFileCheck.problems("empty.camel.yaml", "command:\n", v -> v))
                .contains("command (Command): has no value (remove the line to take the default)");
    }

    @Test
    void listsAreYamlListsAndPlaceholdersResolve() {
        var checked = ServiceFileCheck.check("x.camel.yaml", """
                command: node
                args: ["a, b", c, "{{gateway.example.root}}"]
                env:
                  A: "1"
                  B: x=y
                """, SRV);
        StdioDefinition d = (StdioDefinition) checked.definition();
        assertThat(d.name()).isEqualTo("x");
        assertThat(d.args()).containsExactly("a, b", "c", "/srv");
        assertThat(d.env()).containsEntry("A", "1").containsEntry("B", "x=y");
    }

    @Test
    void everyKeyIsDocumentedWithItsTitleInTheRoutesGuide() throws Exception {
        String doc = Files.readString(Path.of("docs/ROUTES.md"));
        for (List<ServiceParameter> table : List.of(StdioDefinition.PARAMETERS, NativeServiceDefinition.PARAMETERS)) {
            for (ServiceParameter p : table) {
                assertThat(doc).as(p.key()).contains("| `" + p.key() + "` | " + p.title() + " |");
            }
        }
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
