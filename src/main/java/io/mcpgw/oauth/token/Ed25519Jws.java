package io.mcpgw.oauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.BaseJWSProvider;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Optional;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;

/**
 * EdDSA (RFC 8037 §3.1) with Ed25519 keys, on a JCA {@code Signature "Ed25519"}: the {@link JwsCrypto} provider or
 * the JDK's own (Java 15+), so that nimbus's own Ed25519 classes, which need Google Tink and its protobuf runtime,
 * are not needed. Only {@code crv: Ed25519} keys are accepted; the signer and the verifier are thread-safe (a new
 * {@link Signature} per call).
 */
final class Ed25519Jws {
    /** DER prefix of a raw 32-byte Ed25519 public key as SubjectPublicKeyInfo (RFC 8410). */
    private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
    private static final Set<JWSAlgorithm> EDDSA = Set.of(JWSAlgorithm.EdDSA);

    private Ed25519Jws() {
    }

    /** Signs with the private part ({@code d}) of {@code key}. */
    static JWSSigner signer(OctetKeyPair key) throws JOSEException {
        return signer(key, Optional.empty());
    }

    /** Signs with the private part ({@code d}) of {@code key} on {@code provider} (empty: the JDK's). */
    static JWSSigner signer(OctetKeyPair key, Optional<Provider> provider) throws JOSEException {
        PrivateKey priv = privateKey(key);
        return new Signer(priv, provider.orElse(null));
    }

    /** Verifies with the public part ({@code x}) of {@code key}. */
    static JWSVerifier verifier(OctetKeyPair key) throws JOSEException {
        return verifier(key, Optional.empty());
    }

    /** Verifies with the public part ({@code x}) of {@code key} on {@code provider} (empty: the JDK's). */
    static JWSVerifier verifier(OctetKeyPair key, Optional<Provider> provider) throws JOSEException {
        return new Verifier(publicKey(key), provider.orElse(null));
    }

    static PublicKey publicKey(OctetKeyPair key) throws JOSEException {
        requireEd25519(key);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(
                    new X509EncodedKeySpec(concat(X509_PREFIX, key.getX().decode())));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not a usable Ed25519 public key");
        }
    }

    static PrivateKey privateKey(OctetKeyPair key) throws JOSEException {
        requireEd25519(key);
        if (key.getD() == null) {
            throw new JOSEException("the Ed25519 key has no private part");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(
                    new EdECPrivateKeySpec(NamedParameterSpec.ED25519, key.getD().decode()));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not a usable Ed25519 private key");
        }
    }

    /** The raw 32 bytes of a JDK Ed25519 public key (the JWK {@code x}). */
    static byte[] rawPublic(PublicKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    private static void requireEd25519(OctetKeyPair key) throws JOSEException {
        if (!Curve.Ed25519.equals(key.getCurve()) || key.getX() == null || key.getX().decode().length != 32) {
            throw new JOSEException("only Ed25519 octet key pairs sign with EdDSA here");
        }
    }

    /**
     * What the signer and the verifier share: they handle {@code alg: EdDSA} only, and each call gets a new JCA
     * {@code Signature "Ed25519"} (one is not thread-safe) on the chosen provider (null: the JDK's).
     */
    private abstract static class Ed25519Operation extends BaseJWSProvider {
        private final Provider provider;

        Ed25519Operation(Provider provider) {
            super(EDDSA);
            this.provider = provider;
        }

        final Signature newSignature() throws GeneralSecurityException {
            return provider == null ? Signature.getInstance("Ed25519") : Signature.getInstance("Ed25519", provider);
        }
    }

    private static final class Signer extends Ed25519Operation implements JWSSigner {
        private final PrivateKey key;

        Signer(PrivateKey key, Provider provider) {
            super(provider);
            this.key = key;
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                throw new JOSEException("this key signs EdDSA only");
            }
            try {
                Signature s = newSignature();
                s.initSign(key);
                s.update(signingInput);
                return Base64URL.encode(s.sign());
            } catch (GeneralSecurityException e) {
                throw new JOSEException("Ed25519 signing failed");
            }
        }
    }

    private static final class Verifier extends Ed25519Operation implements JWSVerifier {
        private final PublicKey key;

        Verifier(PublicKey key, Provider provider) {
            super(provider);
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signedContent, Base64URL signature) {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                return false;
            }
            byte[] sig = signature.decode();
            if (sig.length != 64) {
                return false;
            }
            try {
                Signature s = newSignature();
                s.initVerify(key);
                s.update(signedContent);
                return s.verify(sig);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
