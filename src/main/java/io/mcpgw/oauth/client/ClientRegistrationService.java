package io.mcpgw.oauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.audit.AuditLog;
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
 * <p><b>Registration</b> ({@link #register}): body validated by {@link ClientMetadataParser}; every registration that
 * creates a client counts against the rate limit of the client address ({@link RegistrationRateLimiter}), an
 * idempotent re-registration does not. A confidential client gets a {@code client_secret} (shown once, stored as a
 * SHA-256 hash); a public client ({@code none}) gets none. Every new client gets a registration access token (shown
 * once, stored hashed) and {@code registration_client_uri} = {@code {issuer}/register/{client_id}}. The 201 body
 * echoes all registered metadata (RFC 7591 §3.2.1).
 *
 * <p><b>Lifetime</b>: {@code CLIENT_LIFETIME} is an idle lifetime. It restarts whenever the client is used: an
 * authenticated request at the token, revocation or introspection endpoint ({@link ClientRepository#touch}), an
 * idempotent re-registration, a management PUT. {@code client_secret_expires_at} (RFC 7591 §3.2.1: when the secret
 * expires, 0 = never) is therefore the time the client and its secret expire <em>if it is not used before</em>:
 * {@code now + CLIENT_LIFETIME} when issued or updated, the remaining lifetime on GET, 0 only when clients never
 * expire. Public clients have no secret and the member is omitted for them (RFC 7591 requires it only with a
 * {@code client_secret}); their ids follow the same idle lifetime, and re-registering restores one that expired.
 *
 * <p><b>Idempotence and shared clients</b>: clients such as Claude re-register on every connect and keep the refresh
 * tokens of the {@code client_id} they got, so a public registration whose {@linkplain ClientMetadata#fingerprint
 * canonical metadata} equals a live public client's returns that client (201, same {@code client_id}) without a
 * registration access token. From that moment the client is <b>shared</b> ({@link SharedClients}) and no
 * registration access token manages it any more — not even the first registrant's, who may be somebody who
 * registered a well-known client's public metadata first to take it over. A client id per registrant would also stop
 * that take-over, but it would break exactly the clients idempotence exists for (a new id on every connect orphans
 * their refresh tokens). {@code registration_client_uri} is still returned (it is no credential and Claude.ai has
 * been reported to give up without it). Confidential registrations always create a new client and are never shared.
 *
 * <p><b>Management</b> (RFC 7592 §2), every request authenticated with {@code Authorization: Bearer
 * <registration_access_token>}, checked in this order: no bearer token → 401 {@code invalid_token}; unknown
 * client → 404; token not this client's (constant-time hash comparison) → 403; the client is shared → 403. This
 * deliberately follows a 401/403/404 split rather than RFC 7592 §2's "401 for everything": client ids are not
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
 * A management request that passed its checks just before a re-registration shared the client may still complete
 * (the two are not one atomic step); every later one is refused.
 */
public final class ClientRegistrationService {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistrationService.class);
    static final String CLIENT_ID_PREFIX = "mcp_";
    private static final int CLAIM_ATTEMPTS = 3;

    private final ClientRepository clients;
    private final ClientFingerprints fingerprints;
    private final SharedClients shared;
    private final Optional<Duration> lifetime;
    private final RegistrationRateLimiter rateLimiter;
    private final ClientGrantsRevoker revoker;
    private final String issuer;
    private final Clock clock;

    /**
     * @param clientLifetime    lifetime of a registration; empty = eternal ({@code CLIENT_LIFETIME=0})
     * @param registerRateLimit new clients per minute and client address; 0 = no limit
     */
    public ClientRegistrationService(ClientRepository clients, StateStore store, String issuer,
                                     Optional<Duration> clientLifetime, int registerRateLimit,
                                     ClientGrantsRevoker revoker, Clock clock) {
        this.clients = clients;
        this.fingerprints = new ClientFingerprints(store, clientLifetime);
        this.shared = new SharedClients(store, clientLifetime);
        this.lifetime = clientLifetime;
        this.rateLimiter = new RegistrationRateLimiter(store, registerRateLimit);
        this.revoker = revoker;
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * {@code POST /register}.
     *
     * @param clientAddress the address of the registering client (see {@code io.mcpgw.http.ClientAddress}), the key
     *                      of the rate limit
     * @throws TooManyRegistrationsException over the rate limit
     * @throws io.mcpgw.oauth.OAuthException  {@code invalid_client_metadata} or {@code invalid_redirect_uri}
     */
    public Registration register(JsonNode body, String clientAddress) {
        ClientMetadata metadata = ClientMetadataParser.parse(body, RegisteredClient.AUTH_BASIC);
        Optional<Registration> reused = metadata.isPublic() ? reuse(metadata.fingerprint()) : Optional.empty();
        Registration registration;
        if (reused.isPresent()) {
            registration = reused.get();
        } else {
            rateLimiter.check(clientAddress);
            registration = metadata.isPublic() ? registerPublic(metadata) : create(metadata);
        }
        AuditLog.info("event=client_registered client_id={} auth_method={} reused={}",
                registration.client().clientId(), metadata.tokenEndpointAuthMethod(), registration.reused());
        return registration;
    }

    /** {@code GET /register/{client_id}}: the client document, no secrets. */
    public Map<String, Object> read(String clientId, String registrationToken) {
        return document(authorize(clientId, registrationToken), Optional.empty(), Optional.empty(),
                ClientExpiry.STORED);
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
        AuditLog.info("event=client_updated client_id={}", clientId);
        return document(updated, Optional.empty(), Optional.empty(), ClientExpiry.RENEWED);
    }

    /** {@code DELETE /register/{client_id}}: removes the client, then revokes all its grants. */
    public void delete(String clientId, String registrationToken) {
        RegisteredClient client = authorize(clientId, registrationToken);
        clients.delete(clientId);
        shared.forget(clientId);
        fingerprints.release(ClientMetadata.of(client).fingerprint(), clientId);
        revoker.revokeEverythingOf(clientId);
        AuditLog.info("event=client_deleted client_id={}", clientId);
    }

    /**
     * The operator's deletion (no registration access token): removes the client, its fingerprint and shared mark,
     * then revokes all its grants. Returns whether the client existed.
     */
    public boolean deleteAsOperator(String clientId) {
        Optional<RegisteredClient> client = clients.findById(clientId);
        if (client.isEmpty()) {
            return false;
        }
        clients.delete(clientId);
        shared.forget(clientId);
        fingerprints.release(ClientMetadata.of(client.get()).fingerprint(), clientId);
        revoker.revokeEverythingOf(clientId);
        LOG.info("event=client_deleted client_id={} by=operator", clientId);
        return true;
    }

    private Registration registerPublic(ClientMetadata metadata) {
        String fingerprint = metadata.fingerprint();
        for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
            // Save before claiming: whoever reads the fingerprint must find the client.
            Registration fresh = create(metadata);
            if (fingerprints.claim(fingerprint, fresh.client().clientId())) {
                return fresh;
            }
            clients.delete(fresh.client().clientId());
            Optional<Registration> reused = reuse(fingerprint);
            if (reused.isPresent()) {
                return reused.get();
            }
        }
        return create(metadata);
    }

    /**
     * The live public client registered with {@code fingerprint}, now shared and its lifetime restarted; a stale
     * fingerprint entry is released.
     */
    private Optional<Registration> reuse(String fingerprint) {
        Optional<String> knownId = fingerprints.find(fingerprint);
        if (knownId.isEmpty()) {
            return Optional.empty();
        }
        Optional<RegisteredClient> known = clients.findById(knownId.get())
                .filter(c -> c.isPublic() && ClientMetadata.of(c).fingerprint().equals(fingerprint));
        if (known.isEmpty()) {
            fingerprints.release(fingerprint, knownId.get());
            return Optional.empty();
        }
        shared.markShared(known.get().clientId());
        clients.touch(known.get());
        return Optional.of(new Registration(known.get(),
                document(known.get(), Optional.empty(), Optional.empty(), ClientExpiry.RENEWED), true));
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
        return new Registration(client, document(client, secret, Optional.of(registrationToken), ClientExpiry.RENEWED),
                false);
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
        if (shared.isShared(clientId)) {
            throw new OAuthError("invalid_token", "this client was registered by more than one registrant and can no "
                    + "longer be managed; register a client with your own metadata instead", 403).exception();
        }
        return client;
    }

    /** Whether the client's lifetime was just (re)started, or is whatever the store has left of it. */
    private enum ClientExpiry { RENEWED, STORED }

    /** RFC 7591 §3.2.1 / RFC 7592 §3 body; secrets only when just issued. */
    private Map<String, Object> document(RegisteredClient client, Optional<String> secret,
                                         Optional<String> registrationToken, ClientExpiry expiry) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("client_id", client.clientId());
        secret.ifPresent(s -> doc.put("client_secret", s));
        doc.put("client_id_issued_at", client.clientIdIssuedAt());
        if (!client.isPublic()) {
            doc.put("client_secret_expires_at", secretExpiresAt(client, expiry));
        }
        registrationToken.ifPresent(t -> doc.put("registration_access_token", t));
        doc.put("registration_client_uri", issuer + "/register/" + client.clientId());
        doc.putAll(ClientMetadata.of(client).document());
        return doc;
    }

    /** Epoch seconds at which the client (and so its secret) expires unless used before; 0 = never. */
    private long secretExpiresAt(RegisteredClient client, ClientExpiry expiry) {
        if (client.clientSecretExpiresAt() != 0) {
            return client.clientSecretExpiresAt();
        }
        if (lifetime.isEmpty()) {
            return 0L;
        }
        Duration left = expiry == ClientExpiry.RENEWED ? lifetime.get()
                : clients.timeLeft(client.clientId()).orElse(lifetime.get());
        return clock.instant().plus(left).getEpochSecond();
    }
}
