package io.mcpgw.mcp.fetchs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * GETs a URL for the {@code fetch} tool without letting it reach what the {@link AddressPolicy} refuses.
 *
 * <p>Per hop (the URL, then each redirect, at most {@code maxRedirects}): the scheme must be http or https and the
 * URL must carry no credentials; the host name is checked ({@link AddressPolicy#refuseName}); it is resolved once
 * and refused if <em>any</em> address is refused; then the request goes to the first vetted address itself — the
 * URL is rewritten to that IP literal, the original {@code host[:port]} is sent as the {@code Host} header and, for
 * https, as the TLS SNI name, against which the JDK's trust manager verifies the certificate. The HTTP client
 * never resolves the name again, so a DNS answer that changes between check and connect (DNS rebinding) cannot
 * redirect the connection. Redirects are never followed by the client ({@code Redirect.NEVER}); each Location is
 * resolved here and goes through the same checks. No proxy is used.
 *
 * <p>Limits: one deadline for the whole fetch (redirects and body included; the body stream is closed when it
 * passes), a connect timeout per hop, and at most {@code maxBytes} of body (the rest is not read).
 *
 * <p>Setting {@code Host} needs {@code -Djdk.httpclient.allowRestrictedHeaders=host} before the JDK's HTTP client is
 * first used ({@code GatewayApplication.main} sets it); without it {@link #unavailable()} says so and the fetch
 * service reports itself unavailable instead of connecting by name.
 */
public final class SafeFetcher {

    /** Host name → addresses. {@link InetAddress#getAllByName} in production; tests map names of their own. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public record Limits(long maxBytes, Duration timeout, Duration connectTimeout, int maxRedirects, String userAgent) {
    }

    /**
     * @param url          the URL that answered (after redirects), as the client would name it
     * @param redirects    how many redirects were followed
     * @param truncated    the body was longer than {@code maxBytes} and was cut there
     * @param cacheControl the {@code Cache-Control} response header values joined with commas, empty when absent
     */
    public record Response(URI url, int status, String contentType, byte[] body, boolean truncated, int redirects,
                           String cacheControl) {
    }

    /** What the {@code fetch} tool accepts: pages first, anything else after. */
    public static final String ACCEPT_PAGES = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8";

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fetchs-deadline");
        t.setDaemon(true);
        return t;
    });
    private static final int CLIENTS = 32;

    private final AddressPolicy policy;
    private final Resolver resolver;
    private final TrustManager[] trust;
    private final Map<String, HttpClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
            return size() > CLIENTS;
        }
    };

    /** @param trust the trust for https (null = the JVM's default trust store) */
    public SafeFetcher(AddressPolicy policy, Resolver resolver, TrustManager[] trust) {
        this.policy = policy;
        this.resolver = resolver;
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((java.security.KeyStore) null);
            this.trust = trust != null ? trust : tmf.getTrustManagers();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SafeFetcher standard(AddressPolicy policy) {
        return new SafeFetcher(policy, InetAddress::getAllByName, null);
    }

    public AddressPolicy policy() {
        return policy;
    }

    /** Why this JVM cannot pin connections (the {@code Host} header is restricted); empty when it can. */
    public static Optional<String> unavailable() {
        try {
            HttpRequest.newBuilder(URI.create("http://192.0.2.1/")).header("Host", "example.com");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("the JVM forbids the Host header the fetch tool pins connections with;"
                    + " start it with -Djdk.httpclient.allowRestrictedHeaders=host");
        }
    }

    /** Parses {@code url} as the tool receives it. */
    public static URI parse(String url) throws FetchException {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
                throw FetchException.refused("only http and https URLs are fetched (not " + scheme + ":)");
            }
            if (!uri.isAbsolute() || uri.isOpaque()) {
                throw FetchException.failed("not an absolute URL: " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw FetchException.failed("malformed URL: " + e.getMessage());
        }
    }

    public Response fetch(URI url, Limits limits) throws FetchException, InterruptedException {
        return fetch(url, limits, ACCEPT_PAGES);
    }

    /**
     * {@link #fetch(URI, Limits)} with another {@code Accept} header. With {@code maxRedirects} 0 a redirect is
     * refused ({@link FetchException#refused()}) without a request to its target.
     */
    public Response fetch(URI url, Limits limits, String accept) throws FetchException, InterruptedException {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            Target target = vet(current);
            HttpResponse<InputStream> response = send(target, limits, deadline, accept);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (isRedirect(status) && location.isPresent()) {
                closeQuietly(response.body());
                if (limits.maxRedirects() == 0) {
                    throw FetchException.refused("redirects are not followed (HTTP " + status + ")");
                }
                if (redirects >= limits.maxRedirects()) {
                    throw FetchException.failed("too many redirects (more than " + limits.maxRedirects() + ")");
                }
                current = redirect(current, location.get());
                continue;
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            Body body = read(response.body(), limits.maxBytes(), deadline, limits.timeout());
            String cacheControl = String.join(", ", response.headers().allValues("Cache-Control"));
            return new Response(current, status, type, body.bytes(), body.truncated(), redirects, cacheControl);
        }
    }

    private record Target(URI requestUri, String hostHeader, String sniName) {
    }

    private record Body(byte[] bytes, boolean truncated) {
    }

    /** The checks of one hop; the URI to request (an IP literal) with its Host header. */
    private Target vet(URI uri) throws FetchException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw FetchException.refused("only http and https URLs are fetched (not " + (scheme.isEmpty() ? "a relative URL" : scheme + ":") + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw FetchException.refused("URLs with credentials (user@host) are not fetched");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw FetchException.failed("the URL has no host: " + uri);
        }
        boolean literalV6 = host.startsWith("[");
        String bare = literalV6 ? host.substring(1, host.length() - 1) : host;
        Optional<String> byName = policy.refuseName(bare);
        if (byName.isPresent()) {
            throw FetchException.refused(byName.get());
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw FetchException.failed("cannot resolve host " + bare);
        }
        if (addresses == null || addresses.length == 0) {
            throw FetchException.failed("cannot resolve host " + bare);
        }
        for (InetAddress a : addresses) {
            Optional<String> why = policy.refuse(a);
            if (why.isPresent()) {
                throw FetchException.refused(bare.equals(a.getHostAddress()) ? why.get()
                        : bare + " resolves to " + why.get());
            }
        }
        InetAddress pinned = addresses[0];
        String ip = pinned.getHostAddress();
        int scope = ip.indexOf('%');
        if (scope >= 0) {
            ip = ip.substring(0, scope);
        }
        String ipHost = pinned instanceof Inet6Address ? "[" + ip + "]" : ip;
        int port = uri.getPort();
        String authority = ipHost + (port >= 0 ? ":" + port : "");
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        URI request;
        try {
            request = new URI(scheme + "://" + authority + path + query);
        } catch (URISyntaxException e) {
            throw FetchException.failed("malformed URL: " + e.getMessage());
        }
        String hostHeader = host.toLowerCase(Locale.ROOT) + (port >= 0 ? ":" + port : "");
        String sni = scheme.equals("https") && !literalV6 && !isIpv4Literal(bare) ? AddressPolicy.normalize(bare) : null;
        return new Target(request, hostHeader, sni);
    }

    private HttpResponse<InputStream> send(Target target, Limits limits, long deadline, String accept)
            throws FetchException, InterruptedException {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            throw timedOut(limits);
        }
        HttpRequest request = HttpRequest.newBuilder(target.requestUri())
                .GET()
                .timeout(left)
                .header("Host", target.hostHeader())
                .header("User-Agent", limits.userAgent())
                .header("Accept", accept)
                .header("Accept-Encoding", "identity")
                .build();
        try {
            return client(target.sniName(), limits.connectTimeout()).send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw FetchException.failed("connection to " + target.hostHeader() + " timed out");
        } catch (HttpTimeoutException e) {
            throw timedOut(limits);
        } catch (IOException e) {
            throw FetchException.failed("request to " + target.hostHeader() + " failed: " + describe(e));
        }
    }

    private static FetchException timedOut(Limits limits) {
        return FetchException.failed("timed out after " + limits.timeout().toSeconds() + " s");
    }

    private static String describe(IOException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private Body read(InputStream in, long maxBytes, long deadline, Duration timeout) throws FetchException {
        AtomicBoolean expired = new AtomicBoolean();
        long left = deadline - System.nanoTime();
        ScheduledFuture<?> timer = TIMER.schedule(() -> {
            expired.set(true);
            closeQuietly(in);
        }, Math.max(0, left), TimeUnit.NANOSECONDS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        try (in) {
            while (out.size() < maxBytes) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, maxBytes - out.size()));
                if (n < 0) {
                    return new Body(out.toByteArray(), false);
                }
                out.write(buf, 0, n);
            }
            boolean more = in.read() >= 0;
            return new Body(out.toByteArray(), more);
        } catch (IOException e) {
            if (expired.get()) {
                throw FetchException.failed("timed out after " + timeout.toSeconds() + " s while reading the body");
            }
            throw FetchException.failed("reading the body failed: " + describe(e));
        } finally {
            timer.cancel(false);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI redirect(URI from, String location) throws FetchException {
        try {
            URI next = from.resolve(new URI(location.trim().replace(" ", "%20")));
            if (next.getRawFragment() != null) {
                next = new URI(next.getScheme(), next.getRawSchemeSpecificPart(), null);
            }
            return next;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw FetchException.failed("invalid redirect Location: " + location);
        }
    }

    private static boolean isIpv4Literal(String host) {
        return host.matches("[0-9.]+");
    }

    /**
     * One client per SNI name (and connect timeout), each with an SSL context of its own: the JDK keys its TLS session
     * cache by peer address, which is the IP literal here, so a shared cache would let a session made for one name be
     * resumed — without a certificate check — for another name on the same IP.
     */
    private HttpClient client(String sniName, Duration connectTimeout) {
        String key = (sniName == null ? "" : sniName) + "|" + connectTimeout.toMillis();
        synchronized (clients) {
            HttpClient existing = clients.get(key);
            if (existing != null) {
                return existing;
            }
            SSLContext ssl;
            try {
                ssl = SSLContext.getInstance("TLS");
                ssl.init(null, trust, null);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            // The certificate must match the SNI name (the JDK's trust manager checks the SNI name first); the client
            // asks for the check itself, and it is set here too so it never depends on the client's choice.
            SSLParameters params = ssl.getDefaultSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (sniName != null) {
                try {
                    params.setServerNames(List.of(new SNIHostName(sniName)));
                } catch (IllegalArgumentException e) {
                    // not a valid SNI name: the certificate is then checked against the IP, and fails
                }
            }
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(HttpClient.Builder.NO_PROXY)
                    .connectTimeout(connectTimeout)
                    .sslContext(ssl)
                    .sslParameters(params)
                    .build();
            clients.put(key, client);
            return client;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
