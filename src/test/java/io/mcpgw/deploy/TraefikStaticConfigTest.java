package io.mcpgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** traefik/traefik.yml and traefik/entrypoint.sh, and how compose mounts them. */
class TraefikStaticConfigTest {
    static final JsonNode STATIC = DeploymentFiles.yaml(DeploymentFiles.TRAEFIK_STATIC);
    static final JsonNode TRAEFIK = DeploymentFiles.composeServices().get("traefik");

    @TempDir
    Path dir;

    @Test
    void httpIsRedirectedToHttpsAndHttpsGetsLetsEncryptCertificates() {
        JsonNode web = STATIC.path("entryPoints").path("web");
        assertThat(web.path("address").asText()).isEqualTo(":80");
        JsonNode redirect = web.path("http").path("redirections").path("entryPoint");
        assertThat(redirect.path("to").asText()).isEqualTo("websecure");
        assertThat(redirect.path("scheme").asText()).isEqualTo("https");
        assertThat(redirect.path("permanent").asBoolean()).isTrue();
        JsonNode websecure = STATIC.path("entryPoints").path("websecure");
        assertThat(websecure.path("address").asText()).isEqualTo(":443");
        String resolver = websecure.path("http").path("tls").path("certResolver").asText();
        JsonNode acme = STATIC.path("certificatesResolvers").path(resolver).path("acme");
        assertThat(acme.path("email").asText()).isEqualTo("${ACME_EMAIL}");
        assertThat(acme.path("httpChallenge").path("entryPoint").asText()).isEqualTo("web");
        assertThat(acme.path("storage").asText()).startsWith("/certificates/");
        assertThat(TraefikRoutingTest.strings(TRAEFIK.path("volumes"))).contains("traefik-certificates:/certificates");
    }

    @Test
    void noEntryPointBelievesClientsForwardedHeadersAndTheApiIsNotInsecure() {
        STATIC.path("entryPoints").fields().forEachRemaining(e -> {
            assertThat(e.getValue().has("forwardedHeaders")).as(e.getKey()).isFalse();
            assertThat(e.getValue().has("proxyProtocol")).as(e.getKey()).isFalse();
        });
        assertThat(STATIC.path("api").path("insecure").asBoolean(false)).isFalse();
        assertThat(STATIC.path("api").path("dashboard").asBoolean(true)).isFalse();
        String pingEntry = STATIC.path("ping").path("entryPoint").asText();
        String pingPort = STATIC.path("entryPoints").path(pingEntry).path("address").asText().substring(1);
        assertThat(TraefikRoutingTest.strings(TRAEFIK.path("ports"))).noneMatch(p -> p.endsWith(":" + pingPort));
    }

    @Test
    void theProvidersReadLabelledContainersOnlyAndTheMountedDynamicFolder() {
        JsonNode docker = STATIC.path("providers").path("docker");
        assertThat(docker.path("exposedByDefault").asBoolean(true)).isFalse();
        assertThat(docker.path("endpoint").asText()).isEqualTo("unix:///var/run/docker.sock");
        String folder = STATIC.path("providers").path("file").path("directory").asText();
        assertThat(TraefikRoutingTest.strings(TRAEFIK.path("volumes"))).contains("../traefik/dynamic:" + folder + ":ro");
    }

    @Test
    void theAccessLogIsJsonAndDropsHeadersAndAuthorizationByName() {
        JsonNode log = STATIC.path("accessLog");
        assertThat(log.path("format").asText()).isEqualTo("json");
        JsonNode headers = log.path("fields").path("headers");
        assertThat(headers.path("defaultMode").asText()).isEqualTo("drop");
        for (String secret : List.of("Authorization", "Cookie", "Set-Cookie", "Mcp-Session-Id")) {
            assertThat(headers.path("names").path(secret).asText()).as(secret).isEqualTo("drop");
        }
    }

    @Test
    void composeStartsTraefikThroughTheEntrypointThatRendersTheTemplate() {
        assertThat(TraefikRoutingTest.strings(TRAEFIK.path("entrypoint"))).containsExactly("/bin/sh", "/etc/traefik/entrypoint.sh");
        assertThat(TraefikRoutingTest.strings(TRAEFIK.path("volumes"))).contains(
                "../traefik/traefik.yml:/etc/traefik/traefik.yml.template:ro", "../traefik/entrypoint.sh:/etc/traefik/entrypoint.sh:ro");
        String entrypoint = DeploymentFiles.text(Path.of("traefik/entrypoint.sh"));
        assertThat(entrypoint).contains("TRAEFIK_STATIC_TEMPLATE:-/etc/traefik/traefik.yml.template")
                .contains("TRAEFIK_STATIC_FILE:-/tmp/traefik.yml");
        assertThat(TraefikRoutingTest.strings(TRAEFIK.path("healthcheck").path("test")))
                .containsExactly("CMD", "traefik", "healthcheck", "--configFile=/tmp/traefik.yml");
    }

    Process runEntrypoint(String email) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path fake = bin.resolve("traefik");
        Files.writeString(fake, "#!/bin/sh\necho \"traefik $*\" > \"" + dir.resolve("exec.txt") + "\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("sh", Path.of("traefik/entrypoint.sh").toAbsolutePath().toString(), "--log.level=DEBUG")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("TRAEFIK_STATIC_TEMPLATE", DeploymentFiles.TRAEFIK_STATIC.toAbsolutePath().toString());
        pb.environment().put("TRAEFIK_STATIC_FILE", dir.resolve("traefik.yml").toString());
        if (email != null) {
            pb.environment().put("ACME_EMAIL", email);
        }
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    @Test
    void theEntrypointFillsInTheEmailAndStartsTraefikWithTheResult() throws Exception {
        Process p = runEntrypoint("ops+le@example.org");

        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
        JsonNode rendered = DeploymentFiles.yaml(dir.resolve("traefik.yml"));
        assertThat(rendered.path("certificatesResolvers").path("letsencrypt").path("acme").path("email").asText())
                .isEqualTo("ops+le@example.org");
        assertThat(Files.readString(dir.resolve("traefik.yml"))).doesNotContain("${ACME_EMAIL}");
        assertThat(Files.readString(dir.resolve("exec.txt")).strip())
                .isEqualTo("traefik --configFile=" + dir.resolve("traefik.yml") + " --log.level=DEBUG");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nobody", "a@b", "x@example.org/evil", "a@b.c&d", "a b@example.org", "a@@example.org", "@example.org"})
    void theEntrypointRefusesAMissingOrStrangeEmail(String email) throws Exception {
        Process p = runEntrypoint(email.isEmpty() ? null : email);

        assertThat(p.exitValue()).isEqualTo(64);
        assertThat(Files.readString(dir.resolve("out.txt"))).contains("ACME_EMAIL must be set");
        assertThat(dir.resolve("exec.txt")).doesNotExist();
    }
}
