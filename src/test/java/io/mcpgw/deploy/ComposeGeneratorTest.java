package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator reads service files and writes their compose entries; the committed file is never stale. */
class ComposeGeneratorTest {
    static final Path FIXTURES = Path.of("src/test/resources/deploy/services");

    @TempDir
    Path dir;

    @Test
    void theCommittedComposeFileIsWhatTheServiceFilesGenerate() throws IOException {
        assumeThat(Files.isDirectory(DeploymentFiles.SERVICE_FILES))
                .as("the service files arrive with the MCP bridge (src/main/resources/services)").isTrue();
        assertThat(DeploymentFiles.text(DeploymentFiles.COMPOSE_SERVICES))
                .as("compose/docker-compose.services.yml is stale; regenerate: " + ComposeServicesFile.REGENERATE)
                .isEqualTo(ComposeGenerator.generate(DeploymentFiles.SERVICE_FILES));
    }

    @Test
    void everyServiceFileBecomesAContainerWithItsRoutersAndVolume() throws IOException {
        JsonNode compose = DeploymentFiles.YAML.readTree(ComposeGenerator.generate(FIXTURES));

        assertThat(compose.path("services").fieldNames()).toIterable().containsExactly("mcp-alpha", "mcp-beta-two");
        JsonNode alpha = compose.path("services").path("mcp-alpha");
        assertThat(alpha.path("environment").path("GATEWAY_ROLE").asText()).isEqualTo("services");
        assertThat(alpha.path("environment").path("GATEWAY_SERVICES").asText()).isEqualTo("alpha");
        assertThat(TraefikRoutingTest.strings(alpha.path("labels"))).containsSequence(
                "traefik.http.routers.mcp-alpha.rule=Host(`mcp-alpha.${BASE_DOMAIN}`) && PathPrefix(`/mcp`)",
                "traefik.http.routers.mcp-alpha.priority=2");
        assertThat(TraefikRoutingTest.strings(compose.path("services").path("mcp-beta-two").path("volumes")))
                .containsExactly("mcp-beta-two-data:/app/services-data");
        assertThat(compose.path("volumes").fieldNames()).toIterable().containsExactly("mcp-alpha-data", "mcp-beta-two-data");
        assertThat(ComposeGenerator.generate(FIXTURES)).contains("    # Alpha test service on two comment lines.\n");
    }

    @Test
    void aFileThatIsNotAServiceFileStopsTheGeneratorWithItsName() {
        assertThatThrownBy(() -> ComposeGenerator.generate(Path.of("src/test/resources/deploy/bad")))
                .isInstanceOf(IOException.class).hasMessageContaining("gamma.camel.yaml").hasMessageContaining("must be a YAML mapping of service keys");
    }

    @Test
    void checkModeReportsAStaleFileAndWritesNothing() throws IOException {
        Path out = dir.resolve("compose.yml");
        assertThat(run("--check", FIXTURES.toString(), out.toString())).isEqualTo(1);
        assertThat(out).doesNotExist();
        assertThat(run(FIXTURES.toString(), out.toString())).isZero();
        assertThat(run("--check", FIXTURES.toString(), out.toString())).isZero();
        Files.writeString(out, Files.readString(out).replace("priority=2", "priority=3"));
        assertThat(run("--check", FIXTURES.toString(), out.toString())).isEqualTo(1);
        assertThat(run("only-one-argument")).isEqualTo(2);
    }

    @Test
    void withoutServicesTheFileIsStillValidCompose() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("none"));
        JsonNode compose = DeploymentFiles.YAML.readTree(ComposeGenerator.generate(empty));
        assertThat(compose.path("services").isObject()).isTrue();
        assertThat(compose.path("services").size()).isZero();
    }

    static int run(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
        return ComposeGenerator.run(args, out, out);
    }

}
