package io.mcpgw.oauth.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an RSA private key from PEM text ({@code JWT_PRIVATE_KEY_B64}, decoded) with the JDK alone: PKCS#8
 * ({@code BEGIN PRIVATE KEY}, RFC 5208 §5) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, RFC 8017 Appendix A.1.2, the
 * {@code openssl genrsa -traditional} form), which is wrapped into PKCS#8 here. Other blocks in the text (a public
 * key, a certificate) are ignored. Encrypted keys are refused.
 *
 * <p>nimbus' {@code JWK.parseFromPEMEncodedObjects} would need BouncyCastle PKIX, which the gateway does not ship.
 * Error messages never contain key material.
 */
final class RsaPrivateKeyPem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN (RSA PRIVATE KEY|PRIVATE KEY|ENCRYPTED PRIVATE KEY)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    /** DER of AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
    private static final byte[] RSA_ALGORITHM_ID = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private RsaPrivateKeyPem() {
    }

    /** The key as an RS256 signing JWK whose {@code kid} is its RFC 7638 thumbprint. */
    static RSAKey parse(String pem) {
        Matcher m = BLOCK.matcher(pem == null ? "" : pem);
        if (!m.find()) {
            throw new IllegalArgumentException("JWT private key: no PEM 'PRIVATE KEY' or 'RSA PRIVATE KEY' block found");
        }
        if (m.group(1).startsWith("ENCRYPTED")) {
            throw new IllegalArgumentException("JWT private key: encrypted PEM keys are not supported");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("JWT private key: the PEM block is not valid base64");
        }
        byte[] pkcs8 = m.group(1).equals("RSA PRIVATE KEY") ? wrapPkcs1(der) : der;
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (!(rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)) instanceof RSAPrivateCrtKey priv)) {
                throw new IllegalArgumentException("JWT private key: not an RSA private key with CRT parameters");
            }
            if (priv.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("JWT private key: RSA keys shorter than 2048 bits are refused");
            }
            RSAPublicKey pub = (RSAPublicKey) rsa.generatePublic(
                    new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
            return new RSAKey.Builder(pub).privateKey(priv).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint().build();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalArgumentException("JWT private key: not a readable RSA private key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING pkcs1 } (RFC 5208 §5). */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM_ID);
        body.write(0x04);
        writeLength(body, pkcs1.length);
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        writeLength(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((length >>> (8 * i)) & 0xff);
        }
    }
}
