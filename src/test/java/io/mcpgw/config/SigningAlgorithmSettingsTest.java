package io.mcpgw.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code JWT_SIGNING_ALG} and the key type {@code JWT_PRIVATE_KEY_B64} must have for it. */
class SigningAlgorithmSettingsTest {
    @TempDir
    Path workingDir;

    @Test
    void defaultIsRs256AndEachNameIsAccepted() {
        assertThat(load(Map.of()).jwtSigningAlg()).isEqualTo(SigningAlgorithm.RS256);
        assertThat(load(Map.of("JWT_SIGNING_ALG", "RS256")).jwtSigningAlg()).isEqualTo(SigningAlgorithm.RS256);
        assertThat(load(Map.of("JWT_SIGNING_ALG", "ES256")).jwtSigningAlg()).isEqualTo(SigningAlgorithm.ES256);
        assertThat(load(Map.of("JWT_SIGNING_ALG", "EdDSA")).jwtSigningAlg()).isEqualTo(SigningAlgorithm.EDDSA);
    }

    @Test
    void theCryptoProviderIsAutoUnlessJdkIsAsked() {
        assertThat(load(Map.of()).jwtCryptoProvider()).isEqualTo(JwtCryptoProvider.AUTO);
        assertThat(load(Map.of("JWT_CRYPTO_PROVIDER", "auto")).jwtCryptoProvider()).isEqualTo(JwtCryptoProvider.AUTO);
        assertThat(load(Map.of("JWT_CRYPTO_PROVIDER", "jdk")).jwtCryptoProvider()).isEqualTo(JwtCryptoProvider.JDK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JDK", "Auto", "native", "accp", "sunec", "auto,jdk"})
    void anyOtherCryptoProviderIsAProblem(String value) {
        assertThat(invalid(Map.of("JWT_CRYPTO_PROVIDER", value)).problems()).singleElement().asString()
                .startsWith("JWT_CRYPTO_PROVIDER: must be auto or jdk");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "none", "es256", "EDDSA", "Ed25519", "PS256", "ES384", "RS256 ES256", "RS 256"})
    void anyOtherNameIsAProblem(String value) {
        InvalidSettingsException e = invalid(Map.of("JWT_SIGNING_ALG", value));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("JWT_SIGNING_ALG: must be one of RS256, ES256, EdDSA");
    }

    @Test
    void p256KeyWithEs256AndEd25519KeyWithEdDsaAreAccepted() throws Exception {
        String ec = base64Pem(ecKeyPair("secp256r1"));
        String ed = base64Pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());

        assertThat(load(Map.of("JWT_SIGNING_ALG", "ES256", "JWT_PRIVATE_KEY_B64", ec)).jwtPrivateKeyPem()).isPresent();
        assertThat(load(Map.of("JWT_SIGNING_ALG", "EdDSA", "JWT_PRIVATE_KEY_B64", ed)).jwtPrivateKeyPem()).isPresent();
    }

    @Test
    void keyOfAnotherTypeThanTheAlgorithmNeedsIsAProblemNamingBoth() throws Exception {
        String rsa = base64Pem(rsaKeyPair());
        String ec = base64Pem(ecKeyPair("secp256r1"));
        String ed = base64Pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());

        assertThat(problem(Map.of("JWT_SIGNING_ALG", "ES256", "JWT_PRIVATE_KEY_B64", rsa)))
                .contains("holds an RSA private key, but JWT_SIGNING_ALG is ES256")
                .contains("needs an EC P-256 private key").contains("set JWT_SIGNING_ALG=RS256");
        assertThat(problem(Map.of("JWT_SIGNING_ALG", "EdDSA", "JWT_PRIVATE_KEY_B64", ec)))
                .contains("holds an EC P-256 private key, but JWT_SIGNING_ALG is EdDSA")
                .contains("set JWT_SIGNING_ALG=ES256");
        assertThat(problem(Map.of("JWT_PRIVATE_KEY_B64", ed)))
                .contains("holds an Ed25519 private key, but JWT_SIGNING_ALG is RS256")
                .contains("set JWT_SIGNING_ALG=EdDSA");
        assertThat(problem(Map.of("JWT_SIGNING_ALG", "ES256", "JWT_PRIVATE_KEY_B64", ed)))
                .contains("holds an Ed25519 private key, but JWT_SIGNING_ALG is ES256");
    }

    @Test
    void ecKeyOnAnotherCurveIsAProblem() throws Exception {
        String p384 = base64Pem(ecKeyPair("secp384r1"));

        assertThat(problem(Map.of("JWT_SIGNING_ALG", "ES256", "JWT_PRIVATE_KEY_B64", p384)))
                .contains("another curve than P-256").doesNotContain(p384.substring(30, 70));
    }

    @Test
    void sec1EcKeyIsAProblemWithTheConversionCommand() {
        String sec1 = base64("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");

        assertThat(problem(Map.of("JWT_SIGNING_ALG", "ES256", "JWT_PRIVATE_KEY_B64", sec1)))
                .contains("SEC1").contains("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void badAlgorithmAndBadKeyAreReportedTogetherWithoutKeyMaterial() throws Exception {
        String ec = base64Pem(ecKeyPair("secp256r1"));
        Map<String, String> env = new HashMap<>(Map.of("JWT_SIGNING_ALG", "HS256", "JWT_PRIVATE_KEY_B64",
                base64("-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n"), "GATEWAY_PORT", "x"));

        InvalidSettingsException e = invalid(env);

        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).contains("JWT_SIGNING_ALG: must be one of")
                .contains("JWT_PRIVATE_KEY_B64: decodes to text that does not hold a readable RSA, EC P-256 or Ed25519")
                .contains("GATEWAY_PORT");
        // with a bad algorithm the key is only checked for being a usable signing key: no type complaint
        assertThat(invalid(Map.of("JWT_SIGNING_ALG", "ES512", "JWT_PRIVATE_KEY_B64", ec)).problems())
                .singleElement().asString().startsWith("JWT_SIGNING_ALG");
        assertThat(invalid(Map.of("JWT_SIGNING_ALG", "EdDSA", "JWT_PRIVATE_KEY_B64", base64Pem(rsaKeyPair())))
                .getMessage()).doesNotContain("MII");
    }

    @Test
    void settingsNameTheAlgorithm() {
        assertThat(load(Map.of("JWT_SIGNING_ALG", "EdDSA")).toString()).contains("jwtSigningAlg=EdDSA");
    }

    private GatewaySettings load(Map<String, String> env) {
        return SettingsLoader.load(env, workingDir);
    }

    private InvalidSettingsException invalid(Map<String, String> env) {
        InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class, () -> load(env));
        assertThat(e).as("expected invalid configuration for %s", env.keySet()).isNotNull();
        return e;
    }

    private String problem(Map<String, String> env) {
        InvalidSettingsException e = invalid(env);
        assertThat(e.problems()).hasSize(1);
        assertThat(e.getMessage()).doesNotContain(env.get("JWT_PRIVATE_KEY_B64"));
        return e.problems().get(0).toString();
    }

    static KeyPair ecKeyPair(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static String base64Pem(KeyPair keyPair) {
        return base64("-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(keyPair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
