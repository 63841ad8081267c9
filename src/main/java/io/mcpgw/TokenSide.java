package io.mcpgw;

import io.mcpgw.config.JwtCryptoProvider;
import io.mcpgw.oauth.token.JwsCrypto;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.routes.BeanNames;
import io.mcpgw.endpoints.AuthenticateClient;
import io.mcpgw.endpoints.GrantTokens;
import io.mcpgw.metrics.GatewayMetrics;
import io.mcpgw.endpoints.IntrospectToken;
import io.mcpgw.endpoints.JwksEndpoint;
import io.mcpgw.endpoints.ReadOAuthForm;
import io.mcpgw.endpoints.ReplyWithTokens;
import io.mcpgw.endpoints.RevokeToken;
import io.mcpgw.oauth.client.ClientGrantsRevoker;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import io.mcpgw.access.UserRevocations;
import io.mcpgw.oauth.token.AccessTokenIssuer;
import io.mcpgw.oauth.token.EntitlementRecheck;
import io.mcpgw.oauth.upstream.UpstreamCredentials;
import io.mcpgw.oauth.upstream.UpstreamLogin;
import java.util.Optional;
import io.mcpgw.oauth.token.AccessTokenValidator;
import io.mcpgw.oauth.token.ClientAuthenticator;
import io.mcpgw.oauth.token.GrantStore;
import io.mcpgw.oauth.token.IntrospectionService;
import io.mcpgw.oauth.token.RevocationService;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.oauth.token.StoreClientGrantsRevoker;
import io.mcpgw.oauth.token.TokenService;
import io.mcpgw.oauth.token.UserAllowlist;
import io.mcpgw.store.StateStore;
import java.time.Clock;
import org.apache.camel.spi.Registry;

/**
 * The token side of the authorization server, built once from the settings and the shared repositories: what
 * other parts need is a typed component here (the validator and grant store for the access guard, the revoker for
 * registration), and {@link #bindRouteBeans} binds the steps of the token routes under their {@link BeanNames}.
 */
record TokenSide(SigningKeys keys, GrantStore grants, AccessTokenValidator validator, ClientGrantsRevoker revoker,
                 ClientAuthenticator authenticator, TokenService tokens, RevocationService revocation,
                 IntrospectionService introspection, Optional<EntitlementRecheck> entitlements) {

    /**
     * @param upstream    the upstream login; its rule is re-checked at refreshes and by {@link #entitlements}
     *                    (absent with the development login)
     * @param revocations told of users who lost access
     */
    static TokenSide build(GatewaySettings settings, StateStore store, ClientRepository clients,
                           AuthorizationCodeStore codes, Clock clock, UpstreamLogin upstream,
                           UpstreamCredentials credentials, UserRevocations revocations) {
        JwsCrypto.configure(settings.jwtCryptoProvider() == JwtCryptoProvider.AUTO);
        // the services role only verifies: it reads the published public keys, never a private one
        SigningKeys keys = settings.role().servesOAuth()
                ? new SigningKeys(store, settings.jwtPrivateKeyPem(), settings.jwtSigningAlg(), clock)
                : SigningKeys.verifyOnly(store, clock);
        GrantStore grants = new GrantStore(store, settings.accessTokenLifetime(), settings.refreshTokenLifetime());
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys, settings.issuer(), settings.accessTokenLifetime(), clock);
        AccessTokenValidator validator = new AccessTokenValidator(keys, grants, settings.issuer(), clock);
        ClientAuthenticator authenticator = new ClientAuthenticator(clients, clock);
        Optional<EntitlementRecheck> entitlements = settings.devLogin() ? Optional.empty()
                : Optional.of(new EntitlementRecheck(upstream, credentials, grants, revocations::revokeUser, clock,
                        settings.entitlements().recheck()));
        return new TokenSide(keys, grants, validator, new StoreClientGrantsRevoker(grants), authenticator,
                new TokenService(authenticator, codes, grants, issuer, UserAllowlist.from(settings), entitlements,
                        clock),
                new RevocationService(authenticator, validator, grants),
                new IntrospectionService(authenticator, validator, grants, settings.issuer()), entitlements);
    }

    /** The steps of {@code routes/tokens.camel.yaml}, and the shared objects tests look up. */
    void bindRouteBeans(Registry registry, GatewayMetrics metrics) {
        registry.bind(BeanNames.READ_OAUTH_FORM, new ReadOAuthForm());
        registry.bind(BeanNames.AUTHENTICATE_CLIENT, new AuthenticateClient(authenticator));
        registry.bind(BeanNames.GRANT_TOKENS, new GrantTokens(tokens, metrics));
        registry.bind(BeanNames.REPLY_WITH_TOKENS, new ReplyWithTokens());
        registry.bind(BeanNames.REVOKE_TOKEN, new RevokeToken(revocation));
        registry.bind(BeanNames.INTROSPECT_TOKEN, new IntrospectToken(introspection));
        registry.bind(BeanNames.JWKS_ENDPOINT, new JwksEndpoint(keys));
        registry.bind(BeanNames.SIGNING_KEYS, keys);
        registry.bind(BeanNames.GRANT_STORE, grants);
    }
}
