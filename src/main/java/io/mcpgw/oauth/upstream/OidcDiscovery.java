package io.mcpgw.oauth.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The provider's OpenID Connect Discovery document ({@code <issuer>/.well-known/openid-configuration}), fetched
 * on first use and kept; a failed fetch is retried at the next use, so the gateway starts while the provider is
 * down.
 *
 * <p>Rules: the document's {@code issuer} must equal the configured issuer exactly (OpenID Connect Discovery §4.3);
 * the authorization, token and JWKS endpoints must be https URLs (http only when the issuer itself is http on
 * loopback).
 */
final class OidcDiscovery {
    static final String WELL_KNOWN = "/.well-known/openid-configuration";

    /** The endpoints the gateway uses; {@code userinfo} may be absent. */
    record Endpoints(URI authorization, URI token, Optional<URI> userinfo, URI jwks, boolean basicAuth) {
    }

    private final String issuer;
    private final HttpClient http;
    private final Duration timeout;
    private volatile Endpoints endpoints;

    OidcDiscovery(String issuer, HttpClient http, Duration timeout) {
        this.issuer = issuer;
        this.http = http;
        this.timeout = timeout;
    }

    /** @throws UpstreamLoginException {@code temporarily_unavailable} when the document cannot be had or is unusable */
    Endpoints endpoints() {
        Endpoints known = endpoints;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (endpoints == null) {
                endpoints = fetch();
            }
            return endpoints;
        }
    }

    private Endpoints fetch() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(base + WELL_KNOWN)).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable("the OpenID provider's discovery document could not be fetched");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while fetching the discovery document");
        }
        if (response.statusCode() != 200) {
            throw unavailable("the OpenID provider answered " + response.statusCode() + " for its discovery document");
        }
        JsonNode doc;
        try {
            doc = Json.parseUntrusted(response.body());
        } catch (IOException e) {
            throw unavailable("the OpenID provider's discovery document is not JSON");
        }
        if (!issuer.equals(doc.path("issuer").asText(null))) {
            throw unavailable("the discovery document names another issuer than OIDC_ISSUER");
        }
        boolean basic = true;
        JsonNode methods = doc.path("token_endpoint_auth_methods_supported");
        if (methods.isArray() && methods.size() > 0) {
            boolean hasBasic = false;
            boolean hasPost = false;
            for (JsonNode m : methods) {
                hasBasic |= "client_secret_basic".equals(m.asText());
                hasPost |= "client_secret_post".equals(m.asText());
            }
            basic = hasBasic || !hasPost;
        }
        Optional<URI> userinfo = doc.path("userinfo_endpoint").isTextual()
                ? Optional.of(endpoint(doc, "userinfo_endpoint")) : Optional.empty();
        return new Endpoints(endpoint(doc, "authorization_endpoint"), endpoint(doc, "token_endpoint"), userinfo,
                endpoint(doc, "jwks_uri"), basic);
    }

    private URI endpoint(JsonNode doc, String name) {
        String value = doc.path(name).asText("");
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw unavailable("the discovery document's " + name + " is not a URL");
        }
        boolean https = "https".equals(uri.getScheme());
        boolean loopbackHttp = "http".equals(uri.getScheme()) && issuer.startsWith("http://");
        if (uri.getHost() == null || !(https || loopbackHttp)) {
            throw unavailable("the discovery document's " + name + " is not an https URL");
        }
        return uri;
    }

    private static UpstreamLoginException unavailable(String message) {
        return new UpstreamLoginException("temporarily_unavailable", message);
    }
}
