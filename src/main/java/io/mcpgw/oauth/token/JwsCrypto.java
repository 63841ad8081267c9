package io.mcpgw.oauth.token;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider that signs and verifies the gateway's own tokens. Rule: the Amazon Corretto Crypto Provider
 * (AWS-LC, native code for Linux x86-64) when it loads on this machine and passes its self tests and a
 * sign-here-verify-with-the-JDK check for ECDSA P-256 and Ed25519; otherwise the JDK's own providers. The choice is
 * made once per process, at the first use or by {@link #chooseInBackground}; {@code JWT_CRYPTO_PROVIDER=jdk}
 * ({@link #configure}) keeps the JDK's. Tokens are standard JWS
 * either way: a token signed with one provider verifies with the other, so replicas may differ.
 *
 * <p>Why: on Java 17 the JDK signs about 600–900 ES256 tokens per second per core, AWS-LC about 25,000–33,000; RS256
 * about 4×, Ed25519 about 50× (measured on the benchmark machine). Token issuance is bound by signing.
 *
 * <p>Loading the native library takes about half a second (it is unpacked to the temporary directory), so the
 * application starts it on a background thread once it is ready; a signer or verifier made before it is done waits.
 * The provider is never installed process-wide: only the gateway's JWS signers and verifiers use it.
 */
public final class JwsCrypto {
    private static final Logger LOG = LoggerFactory.getLogger(JwsCrypto.class);
    private static final AtomicReference<CompletableFuture<Optional<Provider>>> CHOICE = new AtomicReference<>();
    private static final String NATIVE_PROVIDER = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    private JwsCrypto() {
    }

    private static volatile boolean nativeAllowed = true;

    /** {@code JWT_CRYPTO_PROVIDER}: whether the native provider may be used; set once at start-up, before any use. */
    public static void configure(boolean allowed) {
        nativeAllowed = allowed;
    }

    /**
     * Makes the choice now on a background thread (the application calls this once it is ready, so start-up does not
     * wait for the native library); without it the first signer or verifier makes the choice.
     */
    public static void chooseInBackground() {
        choice(true);
    }

    /** The provider for the gateway's signers and verifiers; empty: the JDK's. Waits for a choice in progress. */
    static Optional<Provider> provider() {
        return choice(false).join();
    }

    private static CompletableFuture<Optional<Provider>> choice(boolean inBackground) {
        CompletableFuture<Optional<Provider>> current = CHOICE.get();
        if (current != null) {
            return current;
        }
        CompletableFuture<Optional<Provider>> mine = new CompletableFuture<>();
        if (!CHOICE.compareAndSet(null, mine)) {
            return CHOICE.get();
        }
        if (!nativeAllowed) {
            LOG.info("event=jws_provider provider=jdk reason=configured");
            mine.complete(Optional.empty());
        } else if (inBackground) {
            Thread loader = new Thread(() -> mine.complete(loadNative()), "jws-provider-load");
            loader.setDaemon(true);
            loader.start();
        } else {
            mine.complete(loadNative());
        }
        return mine;
    }

    /** The provider's name, for logs and the admin command: {@code AmazonCorrettoCryptoProvider} or {@code jdk}. */
    public static String name() {
        return provider().map(Provider::getName).orElse("jdk");
    }

    private static Optional<Provider> loadNative() {
        long start = System.nanoTime();
        try {
            // by name: a class path without the library (Camel JBang's, a trimmed image) falls back to the JDK
            Class<?> type = Class.forName(NATIVE_PROVIDER);
            Provider accp = (Provider) type.getField("INSTANCE").get(null);
            Throwable error = (Throwable) type.getMethod("getLoadingError").invoke(accp);
            if (error != null) {
                LOG.info("event=jws_provider provider=jdk reason=native_library_unavailable detail=\"{}\"",
                        error.getClass().getSimpleName());
                return Optional.empty();
            }
            type.getMethod("assertHealthy").invoke(accp);
            crossCheck(accp, "EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA");
            crossCheck(accp, "Ed25519", null, "Ed25519");
            LOG.info("event=jws_provider provider={} version={} load_ms={}", accp.getName(),
                    type.getMethod("getVersionStr").invoke(accp), (System.nanoTime() - start) / 1_000_000);
            return Optional.of(accp);
        } catch (ClassNotFoundException e) {
            LOG.info("event=jws_provider provider=jdk reason=not_on_the_class_path");
            return Optional.empty();
        } catch (Throwable e) { // LinkageError on an unsupported platform, a failed self test
            LOG.warn("event=jws_provider provider=jdk reason=native_provider_failed error={}", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** A signature made by {@code provider} with a fresh key verifies with the JDK's provider. */
    private static void crossCheck(Provider provider, String keyType, ECGenParameterSpec spec, String algorithm)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
        if (spec != null) {
            generator.initialize(spec);
        }
        KeyPair pair = generator.generateKeyPair();
        byte[] message = "mcp-gateway jws self test".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm, provider);
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(pair.getPublic());
        verifier.update(message);
        if (!verifier.verify(signature)) {
            throw new IllegalStateException(algorithm + " self test failed");
        }
    }
}
