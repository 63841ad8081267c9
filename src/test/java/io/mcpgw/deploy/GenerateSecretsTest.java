package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compose/generate-secrets.sh: creates .env, fills in the two secrets once, keeps them, never prints them. */
@RequiresProgram(OptionalProgram.OPENSSL)
class GenerateSecretsTest {
    @TempDir
    Path dir;

    String run() throws Exception {
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder("bash", dir.resolve("generate-secrets.sh").toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();
        return Files.readString(out);
    }

    Map<String, String> env() throws Exception {
        Map<String, String> vars = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dir.resolve(".env"))) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                vars.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return vars;
    }

    @Test
    void theSecretsAreGeneratedOnceKeptAfterwardsAndNeverPrinted() throws Exception {
        Files.copy(Path.of("compose/generate-secrets.sh"), dir.resolve("generate-secrets.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(DeploymentFiles.ENV_EXAMPLE, dir.resolve(".env.example"));

        String first = run();
        Map<String, String> env = env();
        String password = env.get("REDIS_PASSWORD");
        String key = env.get("JWT_PRIVATE_KEY_B64");
        assertThat(password).matches("[0-9a-f]{64}");
        assertThat(key).isNotEmpty().doesNotContain("\n");
        assertThat(first).contains("REDIS_PASSWORD: generated", "JWT_PRIVATE_KEY_B64: generated")
                .doesNotContain(password).doesNotContain(key.substring(0, 40));
        assertThat(Files.getPosixFilePermissions(dir.resolve(".env"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(env.keySet()).containsAll(ComposeFilesTest.envExample().keySet());

        GatewaySettings settings = SettingsLoader.load(Map.of("JWT_PRIVATE_KEY_B64", key));
        assertThat(settings.jwtPrivateKeyPem()).hasValueSatisfying(pem -> assertThat(pem).contains("PRIVATE KEY"));

        String second = run();
        assertThat(second).contains("REDIS_PASSWORD: kept", "JWT_PRIVATE_KEY_B64: kept");
        assertThat(env()).isEqualTo(env);
        assertThat(Files.readAllLines(dir.resolve(".env")).stream().filter(l -> l.startsWith("REDIS_PASSWORD="))).hasSize(1);
    }

    @Test
    void anExistingValueIsKeptAndOnlyTheMissingSecretIsAdded() throws Exception {
        Files.copy(Path.of("compose/generate-secrets.sh"), dir.resolve("generate-secrets.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(DeploymentFiles.ENV_EXAMPLE, dir.resolve(".env.example"));
        Files.writeString(dir.resolve(".env"), "BASE_DOMAIN=mine.example\nREDIS_PASSWORD=chosen-by-me\n");

        String out = run();

        assertThat(out).contains("REDIS_PASSWORD: kept", "JWT_PRIVATE_KEY_B64: generated").doesNotContain("chosen-by-me");
        assertThat(env()).containsEntry("REDIS_PASSWORD", "chosen-by-me").containsEntry("BASE_DOMAIN", "mine.example")
                .containsKey("JWT_PRIVATE_KEY_B64");
    }
}
