package io.mcpgw.oauth.token;

import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.OAuthForm;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3, RFC 7009 §2.1,
 * RFC 7662 §2.1). Rules:
 * <ul>
 *   <li>Methods: {@code client_secret_basic} ({@code Authorization: Basic base64(urlencode(id):urlencode(secret))},
 *       each part form-decoded, RFC 6749 §2.3.1), {@code client_secret_post} ({@code client_id} and
 *       {@code client_secret} in the form), {@code none} ({@code client_id} only; public clients, RFC 7591 §2).</li>
 *   <li>A client must use exactly the method it registered. Basic plus a form {@code client_secret} is two methods
 *       at once: {@code invalid_request} (RFC 6749 §2.3). A form {@code client_id} next to Basic must name the same
 *       client ({@code invalid_request} otherwise).</li>
 *   <li>No client identified, unknown client, another method than registered, wrong or missing secret, a secret sent
 *       by a public client, an expired secret, a malformed Basic header or another {@code Authorization} scheme:
 *       401 {@code invalid_client} (RFC 6749 §5.2). The description does not say which.</li>
 *   <li>Secrets are compared as SHA-256 hashes in constant time; an unknown client costs the same hash.</li>
 *   <li>A successful authentication is a use of the client: its idle lifetime restarts
 *       ({@link ClientRepository#touch}).</li>
 *   <li>A {@code client_id} that is a URL names a client metadata document client, a public client ({@code none});
 *       when its document cannot be trusted the repository's {@code invalid_client} (401) says why.</li>
 * </ul>
 */
public final class ClientAuthenticator {
    private static final String BASIC = "basic ";
    private static final String FAILED = "client authentication failed";

    private final ClientRepository clients;
    private final Clock clock;

    public ClientAuthenticator(ClientRepository clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * @param form the request form with its {@code Authorization} header
     * @return the authenticated client
     * @throws OAuthException {@code invalid_client} (401) or {@code invalid_request} (400)
     */
    public AuthenticatedClient authenticate(OAuthForm form) {
        return new AuthenticatedClient(authenticate(form.authorization(), form.parameters()));
    }

    /**
     * @param authorization the {@code Authorization} request header, null when absent
     * @param params        the form parameters
     * @return the authenticated client
     * @throws OAuthException {@code invalid_client} (401) or {@code invalid_request} (400)
     */
    public RegisteredClient authenticate(String authorization, Parameters params) {
        Optional<String> formId = params.optional("client_id");
        Optional<String> formSecret = params.optional("client_secret");
        String clientId;
        String secret;
        String method;
        if (authorization != null && !authorization.isBlank()) {
            String[] basic = decodeBasic(authorization);
            if (formSecret.isPresent()) {
                throw OAuthError.invalidRequest("use one client authentication method, not Basic and client_secret")
                        .exception();
            }
            if (formId.isPresent() && !formId.get().equals(basic[0])) {
                throw OAuthError.invalidRequest("client_id does not match the Authorization header").exception();
            }
            clientId = basic[0];
            secret = basic[1];
            method = RegisteredClient.AUTH_BASIC;
        } else {
            clientId = formId.orElseThrow(() -> invalidClient());
            secret = formSecret.orElse(null);
            method = secret == null ? RegisteredClient.AUTH_NONE : RegisteredClient.AUTH_POST;
        }
        Optional<RegisteredClient> found = clients.findById(clientId);
        if (found.isEmpty()) {
            Secrets.hash(secret == null ? clientId : secret); // same work as a known client
            throw invalidClient();
        }
        RegisteredClient client = found.get();
        if (!client.tokenEndpointAuthMethod().equals(method)) {
            throw invalidClient();
        }
        if (!client.isPublic()) {
            boolean matches = Secrets.matchesHash(secret, client.clientSecretHash().orElse(null));
            boolean expired = client.clientSecretExpiresAt() != 0
                    && client.clientSecretExpiresAt() <= clock.instant().getEpochSecond();
            if (!matches || expired) {
                throw invalidClient();
            }
        }
        clients.touch(client);
        return client;
    }

    /** {@code [id, secret]} from {@code Basic base64(urlencode(id):urlencode(secret))}. */
    private static String[] decodeBasic(String authorization) {
        if (authorization.length() <= BASIC.length()
                || !authorization.substring(0, BASIC.length()).toLowerCase(Locale.ROOT).equals(BASIC)) {
            throw invalidClient();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidClient();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            throw invalidClient();
        }
        try {
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw invalidClient();
        }
    }

    private static OAuthException invalidClient() {
        return OAuthError.invalidClient(FAILED).exception();
    }
}
