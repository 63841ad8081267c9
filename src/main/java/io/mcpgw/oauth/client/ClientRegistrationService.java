package io.mcpgw.oauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic client registration (RFC 7591) and client management (RFC 7592).
 *
 * <p><b>Registration</b> ({@link #register}): rate-limited per source address, body validated by
 * {@link ClientMetadataParser}. A confidential client gets a {@code client_secret} (shown once, stored as a SHA-256
 * hash, {@code client_secret_expires_at} 0); a public client ({@code none}) gets none. Every new client gets a
 * registration access token (shown once, stored hashed) and {@code registration_client_uri}
 * = {@code {issuer}/register/{client_id}}. The 201 body echoes all registered metadata (RFC 7591 §3.2.1).
 *
 * <p><b>Idempotence</b>: clients such as Claude re-register on every connect. A public registration whose
 * {@linkplain ClientMetadata#fingerprint canonical metadata} equals a live public client's returns that client
 * (201, same {@code client_id}) <em>without</em> a registration access token, so whoever repeats public metadata
 * cannot take the client over; {@code registration_client_uri} is still returned (it is no credential and
 * Claude.ai has been reported to give up without it). Confidential registrations always create a new client.
 *
 * <p><b>Management</b> (RFC 7592 §2), every request authenticated with {@code Authorization: Bearer
 * <registration_access_token>}, checked in this order: no bearer token → 401 {@code invalid_token}; unknown
 * client → 404; token not this client's (constant-time hash comparison) → 403. This deliberately follows the
 * original gateway's 401/403/404 split rather than RFC 7592 §2's "401 for everything": client ids are not
 * secret (they travel in every authorization URL), so revealing that one exists costs nothing.
 * <ul>
 *   <li>GET → 200, the client document without any secret.</li>
 *   <li>PUT → full replacement (RFC 7592 §2.2), validated like a registration; {@code client_id} in the body must
 *       equal the path's; {@code client_secret} and other server-assigned members are ignored; an omitted
 *       {@code token_endpoint_auth_method} keeps the current one, and switching between public ({@code none}) and
 *       confidential is refused ({@code invalid_client_metadata}: register a new client instead). client_id,
 *       issue time, secret and registration token are kept; the client's lifetime restarts.</li>
 *   <li>DELETE → 204; removes the client and its fingerprint, then revokes every grant of the client.</li>
 * </ul>
 */
public final class ClientRegistrationService {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistrationService.class);
    static final String CLIENT_ID_PREFIX = "mcp_";
    private static final int CLAIM_ATTEMPTS = 3;

    private final ClientRepository clients;
    private final ClientFingerprints fingerprints;
    private final RegistrationRateLimiter rateLimiter;
    private final ClientGrantsRevoker revoker;
    private final String issuer;
    private final Clock clock;

    /**
     * @param clientLifetime    lifetime of a registration; empty = eternal ({@code CLIENT_LIFETIME=0})
     * @param registerRateLimit registrations per minute and source address; 0 = no limit
     */
    public ClientRegistrationService(ClientRepository clients, StateStore store, String issuer,
                                     Optional<Duration> clientLifetime, int registerRateLimit,
                                     ClientGrantsRevoker revoker, Clock clock) {
        this.clients = clients;
        this.fingerprints = new ClientFingerprints(store, clientLifetime);
        this.rateLimiter = new RegistrationRateLimiter(store, registerRateLimit);
        this.revoker = revoker;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * {@code POST /register}.
     *
     * @param sourceAddress the TCP peer address, for the rate limit
     * @throws TooManyRegistrationsException over the rate limit
     * @throws io.mcpgw.oauth.OAuthException  {@code invalid_client_metadata} or {@code invalid_redirect_uri}
     */
    public Registration register(JsonNode body, String sourceAddress) {
        rateLimiter.check(sourceAddress);
        ClientMetadata metadata = ClientMetadataParser.parse(body, RegisteredClient.AUTH_BASIC);
        Registration registration = metadata.isPublic() ? registerPublic(metadata) : create(metadata);
        LOG.info("event=client_registered client_id={} auth_method={} reused={}",
                registration.client().clientId(), metadata.tokenEndpointAuthMethod(), registration.reused());
        return registration;
    }

    /** {@code GET /register/{client_id}}: the client document, no secrets. */
    public Map<String, Object> read(String clientId, String registrationToken) {
        return document(authorize(clientId, registrationToken), Optional.empty(), Optional.empty());
    }

    /** {@code PUT /register/{client_id}}: replaces the metadata; returns the new document. */
    public Map<String, Object> update(String clientId, String registrationToken, JsonNode body) {
        return update(clientId, registrationToken, () -> body);
    }

    /**
     * {@link #update(String, String, JsonNode)} reading the body only after the caller is authenticated, so an
     * unauthenticated request learns nothing from body errors.
     */
    public Map<String, Object> update(String clientId, String registrationToken, Supplier<JsonNode> bodySupplier) {
        RegisteredClient current = authorize(clientId, registrationToken);
        JsonNode body = bodySupplier.get();
        if (body != null && body.isObject() && body.has("client_id")
                && !(body.get("client_id").isTextual() && body.get("client_id").asText().equals(clientId))) {
            throw OAuthError.invalidClientMetadata("client_id does not match the client being updated").exception();
        }
        ClientMetadata metadata = ClientMetadataParser.parse(body, current.tokenEndpointAuthMethod());
        if (metadata.isPublic() != current.isPublic()) {
            throw OAuthError.invalidClientMetadata("token_endpoint_auth_method cannot change between none and a "
                    + "client secret method; register a new client instead").exception();
        }
        RegisteredClient updated = new RegisteredClient(current.clientId(), current.clientSecretHash(),
                metadata.tokenEndpointAuthMethod(), metadata.redirectUris(), metadata.clientName().orElse(""),
                metadata.scope().orElse(""), metadata.grantTypes(), metadata.responseTypes(), metadata.other(),
                current.clientIdIssuedAt(), current.clientSecretExpiresAt(), current.registrationAccessTokenHash());
        clients.save(updated);
        String before = ClientMetadata.of(current).fingerprint();
        if (!before.equals(metadata.fingerprint())) {
            fingerprints.release(before, clientId);
        }
        if (metadata.isPublic()) {
            fingerprints.claim(metadata.fingerprint(), clientId);
        }
        LOG.info("event=client_updated client_id={}", clientId);
        return document(updated, Optional.empty(), Optional.empty());
    }

    /** {@code DELETE /register/{client_id}}: removes the client, then revokes all its grants. */
    public void delete(String clientId, String registrationToken) {
        RegisteredClient client = authorize(clientId, registrationToken);
        clients.delete(clientId);
        fingerprints.release(ClientMetadata.of(client).fingerprint(), clientId);
        revoker.revokeEverythingOf(clientId);
        LOG.info("event=client_deleted client_id={}", clientId);
    }

    private Registration registerPublic(ClientMetadata metadata) {
        String fingerprint = metadata.fingerprint();
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            Optional<String> knownId = fingerprints.find(fingerprint);
            if (knownId.isPresent()) {
                Optional<RegisteredClient> known = clients.findById(knownId.get())
                        .filter(c -> c.isPublic() && ClientMetadata.of(c).fingerprint().equals(fingerprint));
                if (known.isPresent()) {
                    return new Registration(known.get(),
                            document(known.get(), Optional.empty(), Optional.empty()), true);
                }
                fingerprints.release(fingerprint, knownId.get());
            }
            // Save before claiming: whoever reads the fingerprint must find the client.
            Registration fresh = create(metadata);
            if (fingerprints.claim(fingerprint, fresh.client().clientId())) {
                return fresh;
            }
            clients.delete(fresh.client().clientId());
        }
        return create(metadata);
    }

    private Registration create(ClientMetadata metadata) {
        String clientId = CLIENT_ID_PREFIX + Secrets.random(16);
        Optional<String> secret = metadata.isPublic() ? Optional.empty() : Optional.of(Secrets.random());
        String registrationToken = Secrets.random();
        RegisteredClient client = new RegisteredClient(clientId, secret.map(Secrets::hash),
                metadata.tokenEndpointAuthMethod(), metadata.redirectUris(), metadata.clientName().orElse(""),
                metadata.scope().orElse(""), metadata.grantTypes(), metadata.responseTypes(), metadata.other(),
                clock.instant().getEpochSecond(), 0L, Secrets.hash(registrationToken));
        clients.save(client);
        return new Registration(client, document(client, secret, Optional.of(registrationToken)), false);
    }

    private RegisteredClient authorize(String clientId, String registrationToken) {
        if (registrationToken == null || registrationToken.isEmpty()) {
            throw OAuthError.invalidToken("a registration access token is required (Authorization: Bearer)")
                    .exception();
        }
        RegisteredClient client = clients.findById(clientId)
                .orElseThrow(() -> new OAuthError("invalid_client", "unknown client", 404).exception());
        if (!Secrets.matchesHash(registrationToken, client.registrationAccessTokenHash())) {
            throw new OAuthError("invalid_token", "the registration access token is not valid for this client", 403)
                    .exception();
        }
        return client;
    }

    /** RFC 7591 §3.2.1 / RFC 7592 §3 body; secrets only when just issued. */
    private Map<String, Object> document(RegisteredClient client, Optional<String> secret,
                                         Optional<String> registrationToken) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("client_id", client.clientId());
        secret.ifPresent(s -> doc.put("client_secret", s));
        doc.put("client_id_issued_at", client.clientIdIssuedAt());
        if (!client.isPublic()) {
            doc.put("client_secret_expires_at", client.clientSecretExpiresAt());
        }
        registrationToken.ifPresent(t -> doc.put("registration_access_token", t));
        doc.put("registration_client_uri", issuer + "/register/" + client.clientId());
        doc.putAll(ClientMetadata.of(client).document());
        return doc;
    }
}
