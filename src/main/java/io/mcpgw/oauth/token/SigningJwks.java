package io.mcpgw.oauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import io.mcpgw.config.SigningAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Optional;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * The one place that knows which JWK goes with which {@link SigningAlgorithm}: RS256 = {@code kty: RSA}, ES256 =
 * {@code kty: EC, crv: P-256}, EdDSA = {@code kty: OKP, crv: Ed25519}. A key of any other type, curve or {@code alg}
 * (an HMAC {@code oct} key above all) is no signing key of ours: {@link #algorithmOf} refuses it, so a token can
 * never be checked with an algorithm its key was not made for (RFC 8725 §3.1). Every key built here carries
 * {@code use: sig}, its {@code alg}, and its RFC 7638 thumbprint as {@code kid}.
 */
final class SigningJwks {

    private SigningJwks() {
    }

    /** The JOSE {@code alg} of {@code algorithm}. */
    static JWSAlgorithm jws(SigningAlgorithm algorithm) {
        return JWSAlgorithm.parse(algorithm.jwsName());
    }

    /**
     * The algorithm {@code key} signs with, from its type and curve; a key whose {@code alg} says otherwise is refused.
     *
     * @throws IllegalArgumentException for any key that is not one of ours
     */
    static SigningAlgorithm algorithmOf(JWK key) {
        SigningAlgorithm byType;
        if (key instanceof RSAKey) {
            byType = SigningAlgorithm.RS256;
        } else if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            byType = SigningAlgorithm.ES256;
        } else if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            byType = SigningAlgorithm.EDDSA;
        } else {
            throw new IllegalArgumentException("not an RSA, EC P-256 or Ed25519 key");
        }
        if (key.getAlgorithm() != null && !byType.jwsName().equals(key.getAlgorithm().getName())) {
            throw new IllegalArgumentException("a " + key.getKeyType() + " key may not sign " + key.getAlgorithm());
        }
        return byType;
    }

    /** {@code key} with its {@code kid} set to its thumbprint and {@code alg}, {@code use} filled in. */
    static JWK normalized(JWK key) {
        JWSAlgorithm alg = jws(algorithmOf(key));
        try {
            if (key instanceof RSAKey rsa) {
                return new RSAKey.Builder(rsa).algorithm(alg).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint().build();
            }
            if (key instanceof ECKey ec) {
                return new ECKey.Builder(ec).algorithm(alg).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint().build();
            }
            return new OctetKeyPair.Builder((OctetKeyPair) key).algorithm(alg).keyUse(KeyUse.SIGNATURE)
                    .keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("no thumbprint");
        }
    }

    /** A new private key for {@code algorithm} (RSA: 2048 bits). */
    static JWK generate(SigningAlgorithm algorithm) {
        try {
            return switch (algorithm) {
                case RS256 -> new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .keyIDFromThumbprint(true).generate();
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyIDFromThumbprint(true).generate();
                case EDDSA -> ed25519(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
            };
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + algorithm.keyDescription() + " key", e);
        }
    }

    /**
     * The configured private key (already checked by {@link io.mcpgw.config.SigningKeyPem}) as a signing JWK; its
     * public part is derived from it.
     */
    static JWK fromPrivateKey(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return normalized(new RSAKey.Builder(pub).privateKey(rsa).build());
            }
            if (key instanceof ECPrivateKey ec) {
                ECPoint q = multiply(ec.getParams(), ec.getS());
                ECPublicKey pub = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(
                        new ECPublicKeySpec(q, ec.getParams()));
                return normalized(new ECKey.Builder(Curve.P_256, pub).privateKey(ec).build());
            }
            if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
                byte[] privateBytes = ed.getBytes().get();
                KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
                // an Ed25519 private key is 32 random bytes the JDK's generator draws; handing it these exact bytes
                // regenerates the key pair, and so yields the public key that belongs to the configured private key
                gen.initialize(NamedParameterSpec.ED25519, new FixedBytes(privateBytes));
                return ed25519(gen.generateKeyPair());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("JWT private key: not a usable signing key ("
                    + e.getClass().getSimpleName() + ")");
        }
        throw new IllegalArgumentException("JWT private key: not an RSA, EC P-256 or Ed25519 private key");
    }

    /** Signs with {@code key}'s algorithm, on the {@link JwsCrypto} provider. */
    static JWSSigner signer(JWK key) throws JOSEException {
        return signer(key, JwsCrypto.provider());
    }

    /** Signs with {@code key}'s algorithm on {@code provider} (empty: the JDK's). */
    static JWSSigner signer(JWK key, Optional<Provider> provider) throws JOSEException {
        return switch (algorithmOf(key)) {
            case RS256 -> on(new RSASSASigner((RSAKey) key), provider);
            case ES256 -> on(new ECDSASigner((ECKey) key), provider);
            case EDDSA -> Ed25519Jws.signer((OctetKeyPair) key, provider);
        };
    }

    /** Verifies {@code key}'s algorithm only, on the {@link JwsCrypto} provider. */
    static JWSVerifier verifier(JWK key) throws JOSEException {
        return verifier(key, JwsCrypto.provider());
    }

    /** Verifies {@code key}'s algorithm only, on {@code provider} (empty: the JDK's). */
    static JWSVerifier verifier(JWK key, Optional<Provider> provider) throws JOSEException {
        return switch (algorithmOf(key)) {
            case RS256 -> on(new RSASSAVerifier(((RSAKey) key).toRSAPublicKey()), provider);
            case ES256 -> on(new ECDSAVerifier(((ECKey) key).toECPublicKey()), provider);
            case EDDSA -> Ed25519Jws.verifier((OctetKeyPair) key, provider);
        };
    }

    private static <T extends com.nimbusds.jose.jca.JCAAware<com.nimbusds.jose.jca.JCAContext>> T on(T jws,
                                                                                                 Optional<Provider> provider) {
        provider.ifPresent(p -> jws.getJCAContext().setProvider(p));
        return jws;
    }

    private static JWK ed25519(KeyPair pair) {
        byte[] d = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        OctetKeyPair okp = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(Ed25519Jws.rawPublic(
                pair.getPublic()))).d(Base64URL.encode(d)).build();
        return normalized(okp);
    }

    /** {@code k}·G on the prime curve of {@code params} (affine double-and-add; runs once per configured key). */
    private static ECPoint multiply(ECParameterSpec params, BigInteger k) {
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger a = params.getCurve().getA();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = params.getGenerator();
        for (int i = 0; i < k.bitLength(); i++) {
            if (k.testBit(i)) {
                result = add(result, addend, p, a);
            }
            addend = add(addend, addend, p, a);
        }
        return result;
    }

    private static ECPoint add(ECPoint s, ECPoint t, BigInteger p, BigInteger a) {
        if (ECPoint.POINT_INFINITY.equals(s)) {
            return t;
        }
        if (ECPoint.POINT_INFINITY.equals(t)) {
            return s;
        }
        BigInteger lambda;
        if (s.getAffineX().equals(t.getAffineX())) {
            if (!s.getAffineY().equals(t.getAffineY()) || s.getAffineY().signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x = s.getAffineX();
            lambda = x.multiply(x).multiply(BigInteger.valueOf(3)).add(a)
                    .multiply(s.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = t.getAffineY().subtract(s.getAffineY())
                    .multiply(t.getAffineX().subtract(s.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.multiply(lambda).subtract(s.getAffineX()).subtract(t.getAffineX()).mod(p);
        BigInteger y3 = lambda.multiply(s.getAffineX().subtract(x3)).subtract(s.getAffineY()).mod(p);
        return new ECPoint(x3, y3);
    }

    /** A "random" source that hands out one given seed (only to derive an Ed25519 key pair from its private key). */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        FixedBytes(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("unexpected Ed25519 seed length");
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
