package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's structure (no Docker daemon here to build it): the stages and targets, a non-root runtime, the
 * listen address, a health check on /health with a tool the image installs, pinned npm servers, and .dockerignore.
 */
class DockerfileTest {
    static final String DOCKERFILE = DeploymentFiles.text(Path.of("Dockerfile"));

    /** Instruction lines of one stage (continuations joined). */
    static List<String> stage(String name) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : DOCKERFILE.replace("\\\n", " ").split("\n")) {
            if (line.startsWith("FROM ")) {
                in = line.endsWith(" AS " + name);
            } else if (in && !line.isBlank() && !line.startsWith("#")) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    static List<String> stages() {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^FROM \\S+ AS (\\S+)$").matcher(DOCKERFILE);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void theBuildIsMultiStageWithRuntimeAsTheDefaultTargetAndAnOptionalFullTarget() {
        assertThat(stages()).containsSubsequence("build", "npm", "base", "full", "runtime");
        assertThat(stages().get(stages().size() - 1)).isEqualTo("runtime");
        assertThat(DOCKERFILE).contains("ARG MAVEN_IMAGE=maven:3.").contains("eclipse-temurin-17")
                .contains("ARG JRE_IMAGE=eclipse-temurin:17").contains("ARG NODE_IMAGE=node:20.");
        assertThat(String.join("\n", stage("build"))).contains("-DskipTests").contains("-DskipJbang").contains("package")
                .contains("target/mcp-oauth-gateway.jar");
    }

    @Test
    void theNpmServersAreInstalledExactlyAsTheLockFilePinsThem() {
        String npm = String.join("\n", stage("npm"));
        assertThat(npm).contains("COPY pom.xml package*.json ./").contains("npm ci --omit=dev --ignore-scripts")
                .contains("package.json without package-lock.json");
        assertThat(String.join("\n", stage("base"))).contains("COPY --from=npm /app/node_modules ./node_modules")
                .contains("COPY --from=node /usr/local/bin/node /usr/local/bin/node");
    }

    @Test
    void theRuntimeRunsAsANonRootUserOnEveryInterfaceWithAHealthCheckOnHealth() {
        String base = String.join("\n", stage("base"));
        assertThat(base).contains("GATEWAY_BIND=0.0.0.0").contains("EXPOSE 8080").contains("WORKDIR /app")
                .contains("mkdir -p /app/services-data && chown gateway:gateway /app/services-data")
                .contains("apt-get install -y --no-install-recommends ca-certificates curl tini tmux");
        Matcher health = Pattern.compile("HEALTHCHECK .*CMD (.*)").matcher(base);
        assertThat(health.find()).isTrue();
        assertThat(health.group(1)).startsWith("curl ").contains("/health").doesNotContain("initialize").doesNotContain("mcp");
        assertThat(base).contains("ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"java\", \"-jar\", \"/app/mcp-oauth-gateway.jar\"]");
        assertThat(stage("runtime")).contains("USER gateway");
        assertThat(stage("full")).last().isEqualTo("RUN if [ -f node_modules/playwright-core/cli.js ]; then node node_modules/playwright-core/cli.js install chromium; fi");
        assertThat(stage("full")).contains("USER gateway");
        assertThat(String.join("\n", stage("full"))).contains("install-deps chromium");
        assertThat(String.join("\n", stage("runtime"))).doesNotContain("chromium");
    }

    @Test
    void dockerignoreKeepsBuildOutputSecretsAndLocalStateOut() {
        List<String> ignored = List.of(DeploymentFiles.text(Path.of(".dockerignore")).split("\n"));
        assertThat(ignored).contains("target", "node_modules", ".git", "services-data", "**/.env", "compose");
        assertThat(ignored).doesNotContain("src", "pom.xml", "package.json", "package-lock.json");
    }
}
