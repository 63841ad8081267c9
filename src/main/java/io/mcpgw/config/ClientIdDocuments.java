package io.mcpgw.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of Client ID Metadata Documents (clients whose {@code client_id} is an https URL), read by
 * {@link SettingsLoader}. Rule: secure by default — on, public addresses only, the JVM's trusted CAs only; the two
 * switches that widen it are for development and tests and are named as such in the documentation.
 *
 * @param enabled      {@code CIMD_ENABLED}: URL client ids are accepted and {@code client_id_metadata_document_supported}
 *                     is {@code true} in the metadata (default {@code true})
 * @param allowPrivate {@code CIMD_ALLOW_PRIVATE}: documents may be fetched from loopback and private-network
 *                     addresses (default {@code false}; development only — it lets anyone who can start a flow make
 *                     the gateway request internal URLs)
 * @param extraCas     from {@code CIMD_CA_FILE}: a PEM file of extra CA certificates trusted for document fetches
 *                     next to the JVM's own (a private CA, or a test server's self-signed certificate); read and
 *                     parsed at start-up
 */
public record ClientIdDocuments(boolean enabled, boolean allowPrivate, List<X509Certificate> extraCas) {

    public static final ClientIdDocuments DEFAULT = new ClientIdDocuments(true, false, List.of());

    public ClientIdDocuments {
        extraCas = List.copyOf(extraCas);
    }

    @Override
    public String toString() {
        return "ClientIdDocuments[enabled=" + enabled + ", allowPrivate=" + allowPrivate + ", extraCas="
                + extraCas.size() + "]";
    }

    /** {@code true} or {@code false}, case-insensitive. */
    static boolean bool(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadValue("must be true or false");
        };
    }

    /** The X.509 certificates of a readable PEM file, relative to {@code workingDir}; at least one. */
    static List<X509Certificate> certificates(String value, Path workingDir) {
        Path file;
        try {
            file = workingDir.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new BadValue("is not a valid path");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadValue("is not a readable file (resolved to " + file + ")");
        }
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
        } catch (IOException | CertificateException e) {
            throw new BadValue("holds no readable PEM certificate (resolved to " + file + ")");
        }
        if (certs.isEmpty()) {
            throw new BadValue("holds no PEM certificate (resolved to " + file + ")");
        }
        return certs;
    }
}
