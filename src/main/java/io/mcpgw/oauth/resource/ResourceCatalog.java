package io.mcpgw.oauth.resource;

import io.mcpgw.oauth.Loopback;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The MCP services the gateway protects and their resource identifiers (RFC 8707, RFC 9728): a service is
 * reachable at {@code {origin}/{service}/mcp} (path form) and, with {@code BASE_DOMAIN},
 * {@code https://mcp-{service}.{BASE_DOMAIN}/mcp} (host form). Services are added and removed at run time as their
 * route files come and go.
 *
 * <p>An unavailable service (its program is missing) is not a resource: nothing advertises it and nothing grants
 * it, but the catalog keeps the reason, so a client that names it learns why ({@link #unavailableReason}).
 *
 * <p>Resource comparison is on the canonical form (RFC 3986 §6.2.2/§6.2.3: lower-case scheme and host, default
 * port dropped, no trailing slash), so {@code https://MCP-x.example.com:443/mcp/} names the same resource.
 */
public final class ResourceCatalog {
    private final URI issuer;
    private final Optional<String> baseDomain;
    private final Set<String> services = new ConcurrentSkipListSet<>();
    private final Map<String, String> unavailable = new ConcurrentHashMap<>();

    public ResourceCatalog(String issuer, Optional<String> baseDomain) {
        this.issuer = URI.create(issuer);
        this.baseDomain = baseDomain.map(d -> d.toLowerCase(Locale.ROOT));
    }

    public void register(String service) {
        unavailable.remove(service);
        services.add(service);
    }

    /** {@code service} exists but cannot run; {@code reason} is shown to clients, so it names no local path. */
    public void registerUnavailable(String service, String reason) {
        services.remove(service);
        unavailable.put(service, reason);
    }

    public void unregister(String service) {
        services.remove(service);
        unavailable.remove(service);
    }

    /** Why the service {@code resource} names cannot be granted, when it is one of ours but unavailable. */
    public Optional<String> unavailableReason(String resource) {
        return nameOf(resource).flatMap(service -> Optional.ofNullable(unavailable.get(service))
                .map(reason -> "MCP service '" + service + "' is unavailable on this gateway: " + reason));
    }

    public Set<String> services() {
        return java.util.Collections.unmodifiableSet(services); // a live view: /verify asks on every request
    }

    /** The resource URL clients use for {@code service}: host form behind Traefik, path form otherwise. */
    public String primaryResource(String service) {
        return baseDomain.map(d -> "https://mcp-" + service + "." + d + "/mcp")
                .orElseGet(() -> origin(issuer) + "/" + service + "/mcp");
    }

    /** Every known service's primary resource; the audience of a token requested without {@code resource}. */
    public List<String> allPrimaryResources() {
        List<String> out = new ArrayList<>();
        services.forEach(s -> out.add(primaryResource(s)));
        return out;
    }

    /**
     * The resource a client that reached the gateway at {@code origin} uses for {@code service}: the path-form URL on
     * that origin when it is one of ours (the issuer's origin, or a loopback alias of it), else the primary resource.
     */
    public String resourceFor(String service, String origin) {
        String candidate = origin + "/" + service + "/mcp";
        return serviceOf(candidate).filter(service::equals).flatMap(s -> canonicalString(candidate))
                .orElseGet(() -> primaryResource(service));
    }

    /** The service of a host-form host {@code mcp-{service}.{BASE_DOMAIN}} (port ignored), if it is one of ours. */
    public Optional<String> serviceOfHost(String host) {
        if (baseDomain.isEmpty() || host == null) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && !h.endsWith("]")) {
            h = h.substring(0, colon);
        }
        String suffix = "." + baseDomain.get();
        if (!h.startsWith("mcp-") || !h.endsWith(suffix)) {
            return Optional.empty();
        }
        String service = h.substring(4, h.length() - suffix.length());
        return services.contains(service) ? Optional.of(service) : Optional.empty();
    }

    /** The service a resource URL names, if it is one of ours. */
    public Optional<String> serviceOf(String resource) {
        return nameOf(resource).filter(services::contains);
    }

    /** The service name a resource URL of this gateway names, known or not. */
    private Optional<String> nameOf(String resource) {
        Optional<URI> uri = canonical(resource);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        URI u = uri.get();
        String path = u.getPath() == null ? "" : u.getPath();
        String host = u.getHost();
        if (baseDomain.isPresent() && "https".equals(u.getScheme()) && "/mcp".equals(path)
                && host.startsWith("mcp-") && host.endsWith("." + baseDomain.get()) && u.getPort() == -1) {
            return Optional.of(host.substring(4, host.length() - baseDomain.get().length() - 1));
        }
        if (sameOrigin(u) && path.endsWith("/mcp") && path.length() > 5) {
            return Optional.of(path.substring(1, path.length() - 4));
        }
        return Optional.empty();
    }

    /** The canonical spelling of {@code resource} (what protected resource metadata reports back). */
    public static Optional<String> canonicalString(String resource) {
        return spellings(resource).canonical();
    }

    /**
     * The form of {@code resource} used as token audience, on both sides (issuance and verification): the canonical
     * spelling with a loopback host ({@code 127.0.0.1}, {@code [::1]}) written {@code localhost}, so a token granted for
     * {@code http://localhost:8080/x/mcp} is valid when the same gateway is reached as {@code http://127.0.0.1:8080}.
     */
    public static Optional<String> audienceOf(String resource) {
        return spellings(resource).audience();
    }

    /** The two spellings of one resource string, worked out once: every MCP request and /verify call needs them. */
    private record Spellings(Optional<String> canonical, Optional<String> audience) {
    }

    /** Remembered spellings (a few service URLs in practice); bounded, emptied when full (a parse more, no harm). */
    private static final java.util.concurrent.ConcurrentHashMap<String, Spellings> SPELLINGS =
            new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_REMEMBERED_SPELLINGS = 1024;

    private static Spellings spellings(String resource) {
        if (resource == null) {
            return new Spellings(Optional.empty(), Optional.empty());
        }
        Spellings known = SPELLINGS.get(resource);
        if (known != null) {
            return known;
        }
        Optional<URI> u = canonical(resource);
        Spellings worked = new Spellings(u.map(URI::toString), u.map(ResourceCatalog::audienceSpelling));
        if (SPELLINGS.size() >= MAX_REMEMBERED_SPELLINGS) {
            SPELLINGS.clear();
        }
        SPELLINGS.put(resource, worked);
        return worked;
    }

    private static String audienceSpelling(URI canonical) {
        return Optional.of(canonical).map(u -> {
            if (!isLoopback(u.getHost()) || u.getHost().equals("localhost")) {
                return u.toString();
            }
            try {
                return new URI(u.getScheme(), null, "localhost", u.getPort(), u.getPath(), null, null).toString();
            } catch (java.net.URISyntaxException e) {
                return u.toString();
            }
        }).orElseThrow();
    }

    static Optional<URI> canonical(String resource) {
        if (resource == null || resource.isEmpty() || resource.length() > 2048) {
            return Optional.empty();
        }
        try {
            URI u = new URI(resource);
            if (!u.isAbsolute() || u.getHost() == null || u.getRawFragment() != null || u.getRawUserInfo() != null
                    || u.getRawQuery() != null) {
                return Optional.empty();
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                return Optional.empty();
            }
            int port = u.getPort();
            if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
                port = -1;
            }
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return Optional.of(new URI(scheme, null, u.getHost().toLowerCase(Locale.ROOT), port, path, null, null));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * The issuer's origin, or, when the issuer is on loopback, the same port on another loopback name (a laptop
     * user may type 127.0.0.1 where the issuer says localhost).
     */
    private boolean sameOrigin(URI u) {
        String scheme = issuer.getScheme();
        int issuerPort = issuer.getPort() == -1 ? ("https".equals(scheme) ? 443 : 80) : issuer.getPort();
        int port = u.getPort() == -1 ? ("https".equals(u.getScheme()) ? 443 : 80) : u.getPort();
        if (!scheme.equals(u.getScheme()) || port != issuerPort) {
            return false;
        }
        String host = u.getHost();
        String issuerHost = issuer.getHost().toLowerCase(Locale.ROOT);
        return host.equals(issuerHost) || (isLoopback(host) && isLoopback(issuerHost));
    }

    private static boolean isLoopback(String host) {
        return Loopback.isHost(host);
    }

    private static String origin(URI u) {
        return u.getScheme() + "://" + u.getRawAuthority();
    }
}
