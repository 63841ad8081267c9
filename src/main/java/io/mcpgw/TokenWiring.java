package io.mcpgw;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.endpoints.AuthenticateClient;
import io.mcpgw.endpoints.GrantTokens;
import io.mcpgw.endpoints.IntrospectToken;
import io.mcpgw.endpoints.JwksEndpoint;
import io.mcpgw.endpoints.ReadOAuthForm;
import io.mcpgw.endpoints.ReplyWithTokens;
import io.mcpgw.endpoints.RevokeToken;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import io.mcpgw.oauth.token.AccessTokenIssuer;
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
 * Builds the token side of the authorization server from the settings and the store and binds it. Bean names other
 * parts look up: {@value #SIGNING_KEYS}, {@value #ACCESS_TOKEN_VALIDATOR}, {@value #GRANT_STORE},
 * {@value #CLIENT_GRANTS_REVOKER}. The client repository and the code store are the ones the rest of the
 * authorization server uses (GatewayConfiguration builds them once).
 */
final class TokenWiring {
    static final String SIGNING_KEYS = "signingKeys";
    static final String ACCESS_TOKEN_ISSUER = "accessTokenIssuer";
    static final String ACCESS_TOKEN_VALIDATOR = "accessTokenValidator";
    static final String GRANT_STORE = "grantStore";
    static final String CLIENT_GRANTS_REVOKER = "clientGrantsRevoker";

    private TokenWiring() {
    }

    static void bind(Registry registry, GatewaySettings settings, StateStore store, ClientRepository clients,
                     AuthorizationCodeStore codes) {
        Clock clock = Clock.systemUTC();
        SigningKeys keys = new SigningKeys(store, settings.jwtPrivateKeyPem(), clock);
        GrantStore grants = new GrantStore(store, settings.accessTokenLifetime(), settings.refreshTokenLifetime());
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys, settings.issuer(), settings.accessTokenLifetime(), clock);
        AccessTokenValidator validator = new AccessTokenValidator(keys, grants, settings.issuer(), clock);
        ClientAuthenticator authenticator = new ClientAuthenticator(clients, clock);

        registry.bind(SIGNING_KEYS, keys);
        registry.bind(GRANT_STORE, grants);
        registry.bind(ACCESS_TOKEN_ISSUER, issuer);
        registry.bind(ACCESS_TOKEN_VALIDATOR, validator);
        registry.bind(CLIENT_GRANTS_REVOKER, new StoreClientGrantsRevoker(grants));
        registry.bind("readOAuthForm", new ReadOAuthForm());
        registry.bind("authenticateClient", new AuthenticateClient(authenticator));
        registry.bind("grantTokens", new GrantTokens(new TokenService(authenticator, codes, grants, issuer,
                UserAllowlist.from(settings.github()), clock)));
        registry.bind("replyWithTokens", new ReplyWithTokens());
        registry.bind("revokeToken", new RevokeToken(new RevocationService(authenticator, validator, grants)));
        registry.bind("introspectToken",
                new IntrospectToken(new IntrospectionService(authenticator, validator, grants, settings.issuer())));
        registry.bind("jwksEndpoint", new JwksEndpoint(keys));
    }
}
