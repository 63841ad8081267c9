package io.mcpgw.config;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECParameterSpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private key of {@code JWT_PRIVATE_KEY_B64} checked against {@code JWT_SIGNING_ALG}: RS256 takes an RSA key
 * (PKCS#8 or PKCS#1, at least 2048 bits, the rules of {@link RsaPemKeys}); ES256 an EC key on P-256 in PKCS#8
 * ({@code BEGIN PRIVATE KEY}); EdDSA an Ed25519 key in PKCS#8. A key of another type than the algorithm needs is
 * refused with a message naming both, never silently used. Messages never contain key material.
 */
public final class SigningKeyPem {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** The order of the P-256 base point (FIPS 186-4 D.1.2.3). */
    private static final BigInteger P256_ORDER =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private SigningKeyPem() {
    }

    /**
     * The private key of {@code pem} for {@code algorithm}.
     *
     * @return an {@link java.security.interfaces.RSAPrivateCrtKey}, a P-256 {@link ECPrivateKey} or an
     *         {@link EdECPrivateKey}, matching {@code algorithm}
     * @throws IllegalArgumentException saying what is wrong (no key material)
     */
    public static PrivateKey parse(String pem, SigningAlgorithm algorithm) {
        Matcher matcher = BLOCK.matcher(pem == null ? "" : pem);
        boolean anyBlock = false;
        while (matcher.find()) {
            anyBlock = true;
            String label = matcher.group(1);
            if (label.equals("ENCRYPTED PRIVATE KEY") || (label.endsWith("PRIVATE KEY")
                    && matcher.group(2).contains("ENCRYPTED"))) {
                throw new IllegalArgumentException("holds an encrypted private key; give the key unencrypted");
            }
            if (label.equals(RsaPemKeys.PKCS1_LABEL)) {
                requireType(algorithm, SigningAlgorithm.RS256, "an RSA (PKCS#1)");
                return RsaPemKeys.parsePrivateKey(matcher.group());
            }
            if (label.equals("EC PRIVATE KEY")) {
                throw new IllegalArgumentException("holds an EC key in SEC1 form (BEGIN EC PRIVATE KEY); give it in"
                        + " PKCS#8 form (BEGIN PRIVATE KEY): openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem");
            }
            if (label.equals("PRIVATE KEY")) {
                return pkcs8(matcher.group(), body(matcher.group(2)), algorithm);
            }
        }
        throw new IllegalArgumentException(anyBlock
                ? "contains no private key block (BEGIN PRIVATE KEY)"
                : "does not contain a PEM block (-----BEGIN PRIVATE KEY-----)");
    }

    /**
     * {@code JWT_PRIVATE_KEY_B64}: decodes the base64 (whitespace and line breaks allowed) and checks the key against
     * {@code algorithm}.
     *
     * @return the PEM text
     */
    static String pemFromBase64(String value, SigningAlgorithm algorithm) {
        if (value.startsWith("-----BEGIN")) {
            throw new BadValue("holds PEM text, not its base64; set it to the output of: base64 -w0 key.pem");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(WHITESPACE.matcher(value).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw new BadValue("is not valid base64; set it to the output of: base64 -w0 key.pem");
        }
        String pem = new String(decoded, StandardCharsets.UTF_8);
        try {
            parse(pem, algorithm);
            return pem;
        } catch (IllegalArgumentException e) {
            throw new BadValue("decodes to text that " + e.getMessage());
        }
    }

    private static PrivateKey pkcs8(String block, byte[] der, SigningAlgorithm algorithm) {
        PrivateKey key = read("RSA", der);
        if (key instanceof RSAPrivateKey) {
            requireType(algorithm, SigningAlgorithm.RS256, "an RSA");
            return RsaPemKeys.parsePrivateKey(block);
        }
        key = read("EC", der);
        if (key instanceof ECPrivateKey ec) {
            if (!isP256(ec.getParams())) {
                throw new IllegalArgumentException("holds an EC key on another curve than P-256 (prime256v1);"
                        + " ES256 needs P-256: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256");
            }
            requireType(algorithm, SigningAlgorithm.ES256, "an EC P-256");
            return ec;
        }
        key = read("Ed25519", der);
        if (key instanceof EdECPrivateKey ed) {
            requireType(algorithm, SigningAlgorithm.EDDSA, "an Ed25519");
            return ed;
        }
        throw new IllegalArgumentException("does not hold a readable RSA, EC P-256 or Ed25519 private key");
    }

    private static void requireType(SigningAlgorithm wanted, SigningAlgorithm fits, String found) {
        if (wanted != null && wanted != fits) { // null: JWT_SIGNING_ALG itself is bad, reported apart
            throw new IllegalArgumentException("holds " + found + " private key, but JWT_SIGNING_ALG is " + wanted
                    + ", which needs " + wanted.keyDescription() + " private key: set JWT_SIGNING_ALG=" + fits
                    + ", or give " + wanted.keyDescription() + " private key");
        }
    }

    private static PrivateKey read(String type, byte[] der) {
        return RsaPemKeys.readPkcs8(type, der);
    }

    private static boolean isP256(ECParameterSpec params) {
        return params != null && params.getCurve().getField().getFieldSize() == 256
                && P256_ORDER.equals(params.getOrder());
    }

    private static byte[] body(String body) {
        try {
            return Base64.getDecoder().decode(WHITESPACE.matcher(body).replaceAll(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a PEM block whose body is not base64 (headers are not supported)");
        }
    }
}
