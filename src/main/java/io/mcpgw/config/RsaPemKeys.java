package io.mcpgw.config;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSA private keys in PEM form, PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}),
 * as given in {@code JWT_PRIVATE_KEY_B64}. Error messages describe the problem and never contain key material.
 */
public final class RsaPemKeys {

    /** The PEM label of a PKCS#1 RSA private key. */
    public static final String PKCS1_LABEL = "RSA PRIVATE KEY";

    /** Smallest accepted modulus. */
    public static final int MIN_BITS = 2048;

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM_ID = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private RsaPemKeys() {
    }

    /**
     * Reads the first private key block of {@code pem}.
     *
     * @return the key, with CRT parameters (so its public key can be published), modulus at least
     *         {@value #MIN_BITS} bits
     * @throws IllegalArgumentException when there is no usable RSA private key; the message contains no key material
     */
    public static RSAPrivateCrtKey parsePrivateKey(String pem) {
        String block = privateKeyBlock(pem);
        Matcher matcher = BLOCK.matcher(block);
        matcher.find();
        byte[] der = base64Body(matcher.group(2));
        if (matcher.group(1).equals("RSA PRIVATE KEY")) {
            der = pkcs1ToPkcs8(der);
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("does not hold a readable RSA private key");
        }
        if (!(key instanceof RSAPrivateCrtKey)) {
            throw new IllegalArgumentException("holds an RSA private key without its public exponent;"
                    + " the gateway needs it to publish /jwks");
        }
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_BITS) {
            throw new IllegalArgumentException("holds a " + bits + "-bit RSA key; at least " + MIN_BITS + " bits are required");
        }
        return rsa;
    }

    /**
     * A PKCS#8 PrivateKeyInfo read as a key of {@code type} ({@code RSA}, {@code EC}, {@code Ed25519}); null when it
     * is not one (the one place PKCS#8 is decoded, for {@link SigningKeyPem} too).
     */
    static PrivateKey readPkcs8(String type, byte[] der) {
        try {
            return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The private key block ({@code -----BEGIN ... PRIVATE KEY----- ... -----END ...-----}) of {@code pem}.
     *
     * @throws IllegalArgumentException when there is none, or it is encrypted or not RSA
     */
    public static String privateKeyBlock(String pem) {
        Matcher matcher = BLOCK.matcher(pem);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            String label = matcher.group(1);
            if (label.equals("PRIVATE KEY") || label.equals("RSA PRIVATE KEY")) {
                if (matcher.group(2).contains("ENCRYPTED")) {
                    throw new IllegalArgumentException("holds an encrypted private key; give the key unencrypted");
                }
                return matcher.group() + "\n";
            }
            if (label.equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException("holds an encrypted private key; give the key unencrypted");
            }
            found.add(label);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("does not contain a PEM block (-----BEGIN PRIVATE KEY----- or"
                    + " -----BEGIN RSA PRIVATE KEY-----)");
        }
        throw new IllegalArgumentException("contains no RSA private key block (found: " + String.join(", ", found) + ")");
    }

    private static byte[] base64Body(String body) {
        try {
            return Base64.getDecoder().decode(WHITESPACE.matcher(body).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a PEM block whose body is not base64 (headers are not supported)");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, rsaEncryption, OCTET STRING { RSAPrivateKey } }. */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(VERSION_0);
        content.writeBytes(RSA_ALGORITHM_ID);
        content.writeBytes(der(0x04, pkcs1));
        return der(0x30, content.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
