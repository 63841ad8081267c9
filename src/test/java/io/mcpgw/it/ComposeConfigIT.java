package io.mcpgw.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-compose config} (Debian's docker-compose, installed by .ci/run; no Docker daemon needed) accepts the
 * two compose files merged as .env's COMPOSE_FILE merges them, with .env made by generate-secrets.sh, and refuses to
 * run without the required settings. docker-compose 1.x predates the top-level {@code name:}; it is left out here.
 */
@RequiresProgram(OptionalProgram.DOCKER_COMPOSE)
@RequiresProgram(OptionalProgram.OPENSSL)
class ComposeConfigIT {
    @TempDir
    Path dir;
    Path compose;

    @BeforeEach
    void copy() throws IOException {
        compose = Files.createDirectory(dir.resolve("compose"));
        for (String f : List.of("docker-compose.services.yml", ".env.example", "generate-secrets.sh")) {
            Files.copy(Path.of("compose", f), compose.resolve(f), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createDirectories(compose.resolve("redis"));
        Files.copy(Path.of("compose/redis/users.acl.template"), compose.resolve("redis/users.acl.template"));
        Files.writeString(compose.resolve("docker-compose.yml"),
                Files.readString(Path.of("compose/docker-compose.yml")).replaceFirst("(?m)^name: .*\\n", ""));
        Path traefik = Files.createDirectories(dir.resolve("traefik/dynamic"));
        try (Stream<Path> files = Files.walk(Path.of("traefik"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertThat(traefik).isDirectory();
        assertThat(run(List.of("bash", "generate-secrets.sh"), Map.of()).exit).isZero();
    }

    record Result(int exit, String output) {
    }

    Result run(List<String> command, Map<String, String> env) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(compose.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("COMPOSE_") || k.startsWith("GITHUB_") || k.contains("OIDC_") || k.startsWith("JWT_")
                    || k.equals("BASE_DOMAIN") || k.startsWith("REDIS_") || k.equals("ACME_EMAIL"));
            pb.environment().putAll(env);
            Process p = pb.start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    void fillIn(String... lines) throws IOException {
        List<String> env = new ArrayList<>(Files.readAllLines(compose.resolve(".env")));
        for (String line : lines) {
            String name = line.substring(0, line.indexOf('=') + 1);
            env.replaceAll(l -> l.startsWith(name) ? line : l);
        }
        Files.write(compose.resolve(".env"), env);
    }

    @Test
    void theMergedFilesAreValidComposeWithEveryContainer() throws IOException {
        fillIn("GITHUB_CLIENT_ID=Iv1.example", "GITHUB_CLIENT_SECRET=example-secret", "ALLOWED_GITHUB_USERS=alice");

        Result config = run(List.of(OptionalProgram.DOCKER_COMPOSE.executable().toString(), "config", "-q"), Map.of());
        assertThat(config.exit).as(config.output).isZero();
        Result services = run(List.of(OptionalProgram.DOCKER_COMPOSE.executable().toString(), "config", "--services"), Map.of());
        assertThat(services.output.lines()).contains("traefik", "redis", "auth", "mcp-everything", "mcp-memory");
        Result resolved = run(List.of(OptionalProgram.DOCKER_COMPOSE.executable().toString(), "config"), Map.of());
        assertThat(resolved.output).contains("Host(`mcp-memory.example.com`) && PathPrefix(`/mcp`)")
                .contains("GATEWAY_ROLE: auth").doesNotContain("${");
    }

    @Test
    void anOidcProviderInsteadOfGitHubWithAnEs256KeyIsValidCompose() throws IOException {
        fillIn("OIDC_ISSUER=https://login.example.com/realms/staff", "OIDC_CLIENT_ID=gateway",
                "OIDC_CLIENT_SECRET=example-secret", "ALLOWED_OIDC_GROUPS=mcp-users", "JWT_SIGNING_ALG=ES256");

        Result resolved = run(List.of(OptionalProgram.DOCKER_COMPOSE.executable().toString(), "config"), Map.of());
        assertThat(resolved.exit).as(resolved.output).isZero();
        assertThat(resolved.output).contains("OIDC_ISSUER: https://login.example.com/realms/staff")
                .contains("ALLOWED_OIDC_GROUPS: mcp-users").contains("JWT_SIGNING_ALG: ES256").doesNotContain("${");
    }

    /** Bad input: BASE_DOMAIN emptied, then ACME_EMAIL emptied. The upstream login is checked by the gateway. */
    @Test
    void composeRefusesToStartWithoutTheRequiredSettings() throws IOException {
        fillIn("BASE_DOMAIN=");
        Result missing = run(List.of(OptionalProgram.DOCKER_COMPOSE.executable().toString(), "config", "-q"), Map.of());
        assertThat(missing.exit).isNotZero();
        assertThat(missing.output).contains("set BASE_DOMAIN in compose/.env");

        fillIn("BASE_DOMAIN=example.com", "ACME_EMAIL=");
        Result noEmail = run(List.of(OptionalProgram.DOCKER_COMPOSE.executable().toString(), "config", "-q"), Map.of());
        assertThat(noEmail.exit).isNotZero();
        assertThat(noEmail.output).contains("set ACME_EMAIL in compose/.env");
    }
}
