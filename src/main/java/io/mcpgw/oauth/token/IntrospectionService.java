package io.mcpgw.oauth.token;

import io.mcpgw.oauth.OAuthForm;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.client.RegisteredClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token introspection (RFC 7662). Rules:
 * <ul>
 *   <li>client authentication as at the token endpoint (§2.1 requires the endpoint be protected; 401
 *       {@code invalid_client});</li>
 *   <li>{@code token} required ({@code invalid_request}); {@code token_type_hint} ignored beyond lookup order;</li>
 *   <li>a client may introspect only tokens issued to itself; every other case (expired, revoked, another client's,
 *       unknown, garbage) is {@code {"active":false}} with nothing else (§2.2, §4: no oracle);</li>
 *   <li>an active access token reports {@code scope, client_id, username, token_type: Bearer, exp, iat, nbf, sub,
 *       aud, iss, jti}; an active refresh token {@code scope, client_id, username, token_type: refresh_token, exp,
 *       iat, sub, iss}.</li>
 * </ul>
 */
public final class IntrospectionService {
    private final ClientAuthenticator authenticator;
    private final AccessTokenValidator validator;
    private final GrantStore grants;
    private final String issuer;

    public IntrospectionService(ClientAuthenticator authenticator, AccessTokenValidator validator, GrantStore grants,
                                String issuer) {
        this.authenticator = authenticator;
        this.validator = validator;
        this.grants = grants;
        this.issuer = issuer;
    }

    public Map<String, Object> introspect(String authorization, Parameters params) {
        OAuthForm form = new OAuthForm(params, authorization);
        return introspect(authenticator.authenticate(form), form);
    }

    /** {@link #introspect(String, Parameters)} for a client already authenticated. */
    public Map<String, Object> introspect(AuthenticatedClient authenticated, OAuthForm form) {
        RegisteredClient client = authenticated.client();
        Parameters params = form.parameters();
        String token = params.required("token");
        params.optional("token_type_hint");
        return accessToken(client, token)
                .or(() -> refreshToken(client, token))
                .orElseGet(() -> Map.of("active", false));
    }

    private Optional<Map<String, Object>> accessToken(RegisteredClient client, String token) {
        ValidatedAccessToken at;
        try {
            at = validator.validate(token);
        } catch (InvalidAccessTokenException e) {
            return Optional.empty();
        }
        if (!client.clientId().equals(at.clientId())) {
            return Optional.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("scope", at.scope());
        body.put("client_id", at.clientId());
        putIfPresent(body, "username", at.username());
        body.put("token_type", "Bearer");
        body.put("exp", at.expiresAt().getEpochSecond());
        putIfPresent(body, "iat", at.issuedAt() == null ? null : at.issuedAt().getEpochSecond());
        putIfPresent(body, "nbf", at.notBefore() == null ? null : at.notBefore().getEpochSecond());
        body.put("sub", at.subject());
        if (!at.audiences().isEmpty()) {
            body.put("aud", at.audiences().size() == 1 ? at.audiences().get(0) : at.audiences());
        }
        body.put("iss", issuer);
        body.put("jti", at.jti());
        return Optional.of(body);
    }

    private Optional<Map<String, Object>> refreshToken(RegisteredClient client, String token) {
        if (token.length() > 256) {
            return Optional.empty();
        }
        return grants.findRefreshToken(token)
                .filter(rt -> client.clientId().equals(rt.clientId()))
                .flatMap(rt -> grants.find(rt.grantId()).map(grant -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("active", true);
                    body.put("scope", grant.scope());
                    body.put("client_id", rt.clientId());
                    putIfPresent(body, "username", rt.username());
                    body.put("token_type", "refresh_token");
                    body.put("exp", rt.expiresAt());
                    body.put("iat", rt.issuedAt());
                    body.put("sub", rt.subject());
                    body.put("iss", issuer);
                    return body;
                }));
    }

    private static void putIfPresent(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
