package io.mcpgw.oauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.mcpgw.config.RsaPemKeys;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;

/**
 * The configured RSA private key ({@code JWT_PRIVATE_KEY_B64}, decoded) as an RS256 signing JWK. The PEM rules
 * (PKCS#8 or PKCS#1, no encrypted key, at least 2048 bits) are those of {@link RsaPemKeys}, the one PEM parser;
 * this class only builds the JWK. Error messages never contain key material.
 */
final class RsaPrivateKeyPem {

    private RsaPrivateKeyPem() {
    }

    /** The key as an RS256 signing JWK whose {@code kid} is its RFC 7638 thumbprint. */
    static RSAKey parse(String pem) {
        RSAPrivateCrtKey priv;
        try {
            priv = RsaPemKeys.parsePrivateKey(RsaPemKeys.privateKeyBlock(pem == null ? "" : pem));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JWT private key " + e.getMessage());
        }
        try {
            RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            return new RSAKey.Builder(pub).privateKey(priv).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint().build();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalArgumentException("JWT private key: not a readable RSA private key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
