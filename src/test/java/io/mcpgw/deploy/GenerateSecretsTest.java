package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.config.SettingsLoader;
import io.mcpgw.config.SigningAlgorithm;
import io.mcpgw.config.SigningKeyPem;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.mcpgw.testsupport.OptionalProgram;
import io.mcpgw.testsupport.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * compose/generate-secrets.sh: creates .env, writes the secret files once, keeps them, never prints them; the signing
 * key is of the type JWT_SIGNING_ALG names and loads in the gateway.
 */
@RequiresProgram(OptionalProgram.OPENSSL)
class GenerateSecretsTest {
    @TempDir
    Path dir;

    record Run(int exit, String output) {
    }

    String run() throws Exception {
        Run r = run(Map.of());
        assertThat(r.exit()).as(r.output()).isZero();
        return r.output();
    }

    /** Runs the script with {@code env} added to an environment without JWT_SIGNING_ALG. */
    Run run(Map<String, String> env) throws Exception {
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("generate-secrets.sh").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("JWT_SIGNING_ALG");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out));
    }

    /** The key file as the gateway loads it: settings validation, then the signing keys of the auth role. */
    static SigningKeys gatewayKeys(Path pem, String signingAlg) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("JWT_PRIVATE_KEY_FILE", pem.toString()));
        if (signingAlg != null) {
            env.put("JWT_SIGNING_ALG", signingAlg);
        }
        GatewaySettings settings = SettingsLoader.load(env);
        return new SigningKeys(TestStores.memory(), settings.jwtPrivateKeyPem(), settings.jwtSigningAlg(),
                Clock.systemUTC());
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
        assertThat(gatewayKeys(secrets.resolve("jwt-private-key.pem"), null).currentAlgorithm())
                .isEqualTo(SigningAlgorithm.RS256);
        assertThat(first).contains("jwt-private-key.pem: an RSA 2048 key, for JWT_SIGNING_ALG=RS256");
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

    /** JWT_SIGNING_ALG from the environment (ES256) or from .env (EdDSA): a key of that type, loaded by the gateway. */
    @ParameterizedTest
    @CsvSource({"ES256, environment, EC", "EdDSA, .env, Ed25519"})
    void theSigningKeyIsOfTheTypeJwtSigningAlgNames(String alg, String from, String keyType) throws Exception {
        copyScript();
        Map<String, String> env = Map.of();
        if (from.equals(".env")) {
            Files.writeString(dir.resolve(".env"), Files.readString(dir.resolve(".env.example"))
                    .replaceFirst("(?m)^JWT_SIGNING_ALG=.*$", "JWT_SIGNING_ALG=\"" + alg + "\""));
        } else {
            env = Map.of("JWT_SIGNING_ALG", alg);
        }

        Run r = run(env);

        assertThat(r.exit()).as(r.output()).isZero();
        Path pem = dir.resolve("secrets/jwt-private-key.pem");
        assertThat(r.output()).contains("jwt-private-key.pem: generated", "for JWT_SIGNING_ALG=" + alg)
                .doesNotContain(Files.readString(pem).substring(30, 60));
        assertThat(Files.readString(pem)).startsWith("-----BEGIN PRIVATE KEY-----"); // PKCS#8, as the gateway reads
        SigningKeys keys = gatewayKeys(pem, alg);
        assertThat(keys.currentAlgorithm().jwsName()).isEqualTo(alg);
        assertThat(keys.current().toPublicJWK().getKeyType().getValue()).isEqualTo(keyType.equals("EC") ? "EC" : "OKP");
        java.security.PrivateKey key = SigningKeyPem.parse(Files.readString(pem), SigningAlgorithm.parse(alg));
        if (keyType.equals("EC")) {
            assertThat(((java.security.interfaces.ECPrivateKey) key).getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(256);
        } else {
            assertThat(((java.security.interfaces.EdECPrivateKey) key).getParams().getName()).isEqualTo("Ed25519");
        }
        assertThatThrownBy(() -> gatewayKeys(pem, "RS256")).as("an RS256 gateway refuses it")
                .hasMessageContaining("JWT_SIGNING_ALG is RS256");
    }

    /** Bad input: a kept RSA key under JWT_SIGNING_ALG=ES256, and the misspelt names es256 and Ed25519. */
    @Test
    void aKeptKeyOfAnotherTypeOrAnUnknownAlgorithmStopsTheScriptAndChangesNothing() throws Exception {
        copyScript();
        run();
        Path pem = dir.resolve("secrets/jwt-private-key.pem");
        String rsa = Files.readString(pem);

        Run mismatch = run(Map.of("JWT_SIGNING_ALG", "ES256"));
        assertThat(mismatch.exit()).isEqualTo(1);
        assertThat(mismatch.output()).contains("jwt-private-key.pem: kept",
                "secrets/jwt-private-key.pem is not an EC P-256 key, which JWT_SIGNING_ALG=ES256 needs; move it away")
                .doesNotContain(rsa.substring(30, 60));
        assertThat(pem).hasContent(rsa);

        for (String misspelt : List.of("es256", "Ed25519")) {
            Run bad = run(Map.of("JWT_SIGNING_ALG", misspelt));
            assertThat(bad.exit()).as(misspelt).isEqualTo(1);
            assertThat(bad.output()).as(misspelt)
                    .contains("JWT_SIGNING_ALG must be RS256, ES256 or EdDSA (spelled exactly so)");
            assertThat(pem).hasContent(rsa);
        }

        Files.delete(pem); // moved away: the next run writes a key of the new type
        assertThat(run(Map.of("JWT_SIGNING_ALG", "ES256")).exit()).isZero();
        assertThat(gatewayKeys(pem, "ES256").currentAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
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
