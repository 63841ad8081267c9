package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CIMD_ENABLED}, {@code CIMD_ALLOW_PRIVATE}, {@code CIMD_CA_FILE}: secure defaults, and every bad value
 * reported at start-up in the one problem list. Bad inputs: {@code yes}, {@code 1}, a missing file, a directory, a
 * file without a certificate.
 */
class ClientIdDocumentsSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreOnPublicAddressesOnlyAndTheJvmsCas() {
        ClientIdDocuments cimd = SettingsLoader.load(Map.of(), dir).clientIdDocuments();
        assertThat(cimd.enabled()).isTrue();
        assertThat(cimd.allowPrivate()).isFalse();
        assertThat(cimd.extraCas()).isEmpty();
    }

    @Test
    void switchesAndACaFileAreRead() throws Exception {
        Path pem = dir.resolve("ca.pem");
        Path store = dir.resolve("ca.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        for (List<String> cmd : List.of(
                List.of(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                        "CN=test ca", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                        "-storepass", "changeit", "-keypass", "changeit"),
                List.of(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(), "-storetype",
                        "PKCS12", "-storepass", "changeit", "-file", pem.toString()))) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        ClientIdDocuments cimd = SettingsLoader.load(Map.of("CIMD_ENABLED", "FALSE", "CIMD_ALLOW_PRIVATE", "true",
                "CIMD_CA_FILE", "ca.pem"), dir).clientIdDocuments();
        assertThat(cimd.enabled()).isFalse();
        assertThat(cimd.allowPrivate()).isTrue();
        assertThat(cimd.extraCas()).hasSize(1);
        assertThat(cimd.extraCas().get(0).getSubjectX500Principal().getName()).isEqualTo("CN=test ca");
    }

    @Test
    void everyBadValueIsReportedTogether() throws Exception {
        Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        for (String file : List.of("missing.pem", ".", "empty.pem")) {
            assertThatThrownBy(() -> SettingsLoader.load(Map.of("CIMD_ENABLED", "yes", "CIMD_ALLOW_PRIVATE", "1",
                    "CIMD_CA_FILE", file), dir))
                    .isInstanceOf(InvalidSettingsException.class)
                    .satisfies(e -> assertThat(((InvalidSettingsException) e).problems())
                            .anySatisfy(p -> assertThat(p).startsWith("CIMD_ENABLED").contains("must be true or false"))
                            .anySatisfy(p -> assertThat(p).startsWith("CIMD_ALLOW_PRIVATE").contains("true or false"))
                            .anySatisfy(p -> assertThat(p).startsWith("CIMD_CA_FILE")))
                    .hasMessageNotContaining("Exception");
        }
    }
}
