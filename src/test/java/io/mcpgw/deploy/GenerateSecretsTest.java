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

/** compose/generate-secrets.sh: creates .env, writes the secret files once, keeps them, never prints them. */
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

    void copyScript() throws Exception {
        Files.copy(Path.of("compose/generate-secrets.sh"), dir.resolve("generate-secrets.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(DeploymentFiles.ENV_EXAMPLE, dir.resolve(".env.example"));
        Files.createDirectories(dir.resolve("redis"));
        Files.copy(Path.of("compose/redis/users.acl.template"), dir.resolve("redis/users.acl.template"));
    }

    static String sha256(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theSecretsAreGeneratedOnceAsFilesKeptAfterwardsAndNeverPrinted() throws Exception {
        copyScript();

        String first = run();
        Path secrets = dir.resolve("secrets");
        String authPassword = Files.readString(secrets.resolve("redis-auth-password"));
        String servicesPassword = Files.readString(secrets.resolve("redis-services-password"));
        String pem = Files.readString(secrets.resolve("jwt-private-key.pem"));
        assertThat(authPassword).matches("[0-9a-f]{64}").isNotEqualTo(servicesPassword);
        assertThat(servicesPassword).matches("[0-9a-f]{64}");
        assertThat(first).contains("redis-auth-password: generated", "redis-services-password: generated",
                "jwt-private-key.pem: generated").doesNotContain(authPassword).doesNotContain(servicesPassword)
                .doesNotContain(pem.substring(40, 80));
        assertThat(Files.getPosixFilePermissions(secrets)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve(".env"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(env().keySet()).containsAll(ComposeFilesTest.envExample().keySet()).doesNotContain("REDIS_PASSWORD");

        // the file forms the containers read: the PEM is a valid signing key, the ACL file names both users by hash
        GatewaySettings settings = SettingsLoader.load(Map.of("JWT_PRIVATE_KEY_FILE", secrets.resolve("jwt-private-key.pem").toString()));
        assertThat(settings.jwtPrivateKeyPem()).hasValueSatisfying(k -> assertThat(k).contains("PRIVATE KEY"));
        String acl = Files.readString(secrets.resolve("redis-users.acl"));
        assertThat(acl).contains("user default off", "user auth on #" + sha256(authPassword) + " ",
                "user services on #" + sha256(servicesPassword) + " ", "%R~oauth:jwks ").doesNotContain("{{")
                .doesNotContain(authPassword).doesNotContain(servicesPassword);

        String second = run();
        assertThat(second).contains("redis-auth-password: kept", "redis-services-password: kept", "jwt-private-key.pem: kept");
        assertThat(Files.readString(secrets.resolve("redis-auth-password"))).isEqualTo(authPassword);
        assertThat(Files.readString(secrets.resolve("jwt-private-key.pem"))).isEqualTo(pem);
        assertThat(Files.readString(secrets.resolve("redis-users.acl"))).isEqualTo(acl);
    }

    @Test
    void anExistingSecretIsKeptAndOnlyTheMissingOnesAreAdded() throws Exception {
        copyScript();
        Files.writeString(dir.resolve(".env"), "BASE_DOMAIN=mine.example\n");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/redis-services-password"), "chosen-by-me");
        Files.writeString(dir.resolve("secrets/redis-auth-password"), ""); // empty = missing

        String out = run();

        assertThat(out).contains("redis-services-password: kept", "redis-auth-password: generated",
                "jwt-private-key.pem: generated").doesNotContain("chosen-by-me");
        assertThat(dir.resolve("secrets/redis-services-password")).hasContent("chosen-by-me");
        assertThat(Files.readString(dir.resolve("secrets/redis-auth-password"))).matches("[0-9a-f]{64}");
        assertThat(Files.readString(dir.resolve("secrets/redis-users.acl"))).contains("#" + sha256("chosen-by-me"));
        assertThat(env()).containsEntry("BASE_DOMAIN", "mine.example");
    }
}
