package io.mcpgw.oauth.cimd;

import io.mcpgw.mcp.fetchs.AddressPolicy;
import io.mcpgw.mcp.fetchs.FetchException;
import io.mcpgw.mcp.fetchs.SafeFetcher;
import java.net.InetAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * GETs a client metadata document with the SSRF protection of the {@code fetch} tool ({@link SafeFetcher}: every
 * address the host resolves to vetted by the same {@link AddressPolicy}, the connection pinned to the vetted IP,
 * no proxy). Rules of a usable answer, each refusal an {@code invalid_client} naming it:
 * <ul>
 *   <li>no redirect is followed (a 3xx is refused; the document must live at its own URL);</li>
 *   <li>at most {@value #MAX_BYTES} bytes (the draft's suggested 5 KB), within {@link #TIMEOUT} for the whole
 *       exchange and {@link #CONNECT_TIMEOUT} to connect;</li>
 *   <li>status 200, {@code Content-Type} {@code application/json} (or another {@code +json} type).</li>
 * </ul>
 * The answer's {@code Cache-Control} goes back to the caller for {@link CacheLifetime}.
 */
public final class MetadataDocumentFetcher {
    public static final int MAX_BYTES = 5 * 1024;
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final String USER_AGENT = "mcp-oauth-gateway (client metadata document)";
    private static final SafeFetcher.Limits LIMITS = new SafeFetcher.Limits(MAX_BYTES, TIMEOUT, CONNECT_TIMEOUT, 0,
            USER_AGENT);

    /** A document as fetched: body and {@code Cache-Control}. */
    public record Fetched(byte[] body, String cacheControl) {
    }

    private final SafeFetcher fetcher;

    public MetadataDocumentFetcher(SafeFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * @param allowPrivate loopback and private-network addresses allowed (development only)
     * @param extraCas     trusted next to the JVM's own CAs
     */
    public static MetadataDocumentFetcher standard(boolean allowPrivate, List<X509Certificate> extraCas) {
        return new MetadataDocumentFetcher(new SafeFetcher(new AddressPolicy(allowPrivate), InetAddress::getAllByName,
                extraCas.isEmpty() ? null : trustWith(extraCas)));
    }

    /**
     * @throws io.mcpgw.oauth.OAuthException {@code invalid_client} saying why there is no usable document
     */
    public Fetched fetch(URI url) {
        SafeFetcher.Response r;
        try {
            r = fetcher.fetch(url, LIMITS, "application/json");
        } catch (FetchException e) {
            throw ClientIdUrl.refuse("the client metadata document could not be fetched: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClientIdUrl.refuse("the client metadata document could not be fetched: interrupted");
        } catch (IllegalArgumentException e) {
            throw ClientIdUrl.refuse("this gateway cannot fetch client metadata documents: "
                    + SafeFetcher.unavailable().orElse("the request could not be built"));
        }
        if (r.status() >= 300 && r.status() < 400) {
            throw ClientIdUrl.refuse("the client metadata document URL answered with a redirect (HTTP " + r.status()
                    + "), which is not followed");
        }
        if (r.status() != 200) {
            throw ClientIdUrl.refuse("the client metadata document URL answered HTTP " + r.status() + ", not 200");
        }
        if (r.truncated()) {
            throw ClientIdUrl.refuse("the client metadata document is larger than " + MAX_BYTES + " bytes");
        }
        if (!isJson(r.contentType())) {
            throw ClientIdUrl.refuse("the client metadata document must be served as application/json");
        }
        return new Fetched(r.body(), r.cacheControl());
    }

    static boolean isJson(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** The JVM's default trusted CAs plus {@code extraCas}, in one trust store. */
    static TrustManager[] trustWith(List<X509Certificate> extraCas) {
        try {
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (TrustManager tm : defaults.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("jvm-" + n++, ca);
                    }
                }
            }
            for (X509Certificate ca : extraCas) {
                store.setCertificateEntry("extra-" + n++, ca);
            }
            TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            combined.init(store);
            return combined.getTrustManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the trust store of client metadata document fetches", e);
        }
    }
}
