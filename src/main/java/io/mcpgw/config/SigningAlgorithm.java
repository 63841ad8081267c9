package io.mcpgw.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code JWT_SIGNING_ALG}: the JWS algorithm (RFC 7518 §3.1, RFC 8037 §3.1) new access tokens are signed with.
 * Exactly these three names are accepted, spelled as in the JOSE registry: an unknown or differently spelled name is
 * a start-up problem, never a silent fallback.
 */
public enum SigningAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit RSA keys: the default, understood by every JWT library. */
    RS256("RS256", "an RSA"),
    /** ECDSA on P-256 with SHA-256: small keys and signatures, fast signing. */
    ES256("ES256", "an EC P-256"),
    /** Ed25519 (RFC 8037): small keys and signatures, deterministic. */
    EDDSA("EdDSA", "an Ed25519");

    /** When {@code JWT_SIGNING_ALG} is unset. */
    public static final SigningAlgorithm DEFAULT = RS256;

    private final String jwsName;
    private final String keyDescription;

    SigningAlgorithm(String jwsName, String keyDescription) {
        this.jwsName = jwsName;
        this.keyDescription = keyDescription;
    }

    /** The {@code alg} value of the JOSE header and of the JWK. */
    public String jwsName() {
        return jwsName;
    }

    /** The key this algorithm signs with, for messages ("an EC P-256"). */
    public String keyDescription() {
        return keyDescription;
    }

    /** The algorithm named exactly {@code value} (case-sensitive, as in the JOSE registry). */
    public static SigningAlgorithm parse(String value) {
        for (SigningAlgorithm a : values()) {
            if (a.jwsName.equals(value)) {
                return a;
            }
        }
        throw new BadValue("must be one of " + names() + " (spelled exactly so)");
    }

    /** {@code RS256, ES256, EdDSA}. */
    public static String names() {
        return Arrays.stream(values()).map(SigningAlgorithm::jwsName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return jwsName;
    }
}
