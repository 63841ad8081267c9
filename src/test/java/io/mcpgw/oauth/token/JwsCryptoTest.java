package io.mcpgw.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import io.mcpgw.config.SigningAlgorithm;
import java.security.Provider;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The native provider (AWS-LC) and the JDK's sign the same standard JWS: a token signed by one verifies with the
 * other, for each algorithm, and a tampered signature is refused by both. On Linux x86-64 (this project's CI and
 * image) the native provider must load; elsewhere the gateway falls back to the JDK's and these tests skip.
 */
class JwsCryptoTest {

    private static boolean linuxX64() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static Optional<Provider> nativeProvider() {
        Optional<Provider> p = JwsCrypto.provider();
        if (linuxX64()) {
            assertThat(p).as("on Linux x86-64 the native provider loads and passes its checks").isPresent();
        }
        assumeTrue(p.isPresent(), "the native provider does not load here: the JDK's signs (nothing to compare)");
        return p;
    }

    @Test
    void theNativeProviderIsChosenWhereItLoads() {
        Optional<Provider> p = nativeProvider();
        assertThat(JwsCrypto.name()).isEqualTo(p.get().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void aTokenSignedByOneProviderVerifiesWithTheOtherAndATamperedOneWithNeither(SigningAlgorithm alg)
            throws Exception {
        Optional<Provider> accp = nativeProvider();
        JWK key = SigningJwks.generate(alg);
        for (boolean nativeSigns : new boolean[] {true, false}) {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(SigningJwks.jws(alg)).keyID(key.getKeyID()).build(),
                    new Payload("{\"sub\":\"alice\"}"));
            jws.sign(SigningJwks.signer(key, nativeSigns ? accp : Optional.empty()));
            String compact = jws.serialize();

            assertThat(JWSObject.parse(compact).verify(SigningJwks.verifier(key.toPublicJWK(), Optional.empty())))
                    .as("%s signed by %s, verified by the JDK", alg, nativeSigns ? "AWS-LC" : "the JDK").isTrue();
            assertThat(JWSObject.parse(compact).verify(SigningJwks.verifier(key.toPublicJWK(), accp)))
                    .as("%s signed by %s, verified by AWS-LC", alg, nativeSigns ? "AWS-LC" : "the JDK").isTrue();

            String[] parts = compact.split("\\.");
            byte[] signature = new Base64URL(parts[2]).decode();
            signature[signature.length / 2] ^= 0x01;
            String tampered = parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
            String otherPayload = parts[0] + "." + Base64URL.encode("{\"sub\":\"mallory\"}") + "." + parts[2];
            for (String bad : new String[] {tampered, otherPayload}) {
                assertThat(JWSObject.parse(bad).verify(SigningJwks.verifier(key.toPublicJWK(), Optional.empty())))
                        .isFalse();
                assertThat(JWSObject.parse(bad).verify(SigningJwks.verifier(key.toPublicJWK(), accp))).isFalse();
            }
        }
    }
}
