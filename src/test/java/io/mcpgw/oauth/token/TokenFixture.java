package io.mcpgw.oauth.token;

import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.client.StoreClientRepository;
import io.mcpgw.oauth.code.AuthorizationCode;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import io.mcpgw.oauth.code.StoreAuthorizationCodeStore;
import io.mcpgw.store.StateStore;
import io.mcpgw.testing.MutableClock;
import io.mcpgw.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The token side wired on an in-memory store and a hand-moved clock, plus builders for clients, codes and forms. */
final class TokenFixture {
    static final String ISSUER = "http://localhost:8080";
    static final String RESOURCE_A = "http://localhost:8080/everything/mcp";
    static final String RESOURCE_B = "http://localhost:8080/memory/mcp";
    static final String REDIRECT = "http://127.0.0.1:9696/oauth/callback";
    static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9yDw1cbN3Dl2sk4ne2Ag0xT_qTQPf0yA-BZ"; // 51 chars
    static final String SECRET = "s3cret-value-with:colon&amp";
    static final Duration ACCESS = Duration.ofHours(1);
    static final Duration REFRESH = Duration.ofDays(30);
    static final UserIdentity ALICE = new UserIdentity("1001", "alice", "alice@example.com", "Alice A.");

    final MutableClock clock = MutableClock.now();
    final StateStore store = TestStores.memory();
    final ClientRepository clients = new StoreClientRepository(store, Optional.of(Duration.ofDays(90)));
    final AuthorizationCodeStore codes = new StoreAuthorizationCodeStore(store, Duration.ofMinutes(5));
    final SigningKeys keys = new SigningKeys(seeded(store), Optional.empty(), clock);
    final GrantStore grants = new GrantStore(store, ACCESS, REFRESH);
    final AccessTokenIssuer issuer = new AccessTokenIssuer(keys, ISSUER, ACCESS, clock);
    final AccessTokenValidator validator = new AccessTokenValidator(keys, grants, ISSUER, clock);
    final ClientAuthenticator authenticator = new ClientAuthenticator(clients, clock);
    /** Who is allowed; tests replace it to take a user off the allowlist. */
    final AtomicReference<UserAllowlist> allowlist = new AtomicReference<>(UserAllowlist.ANYONE);
    final TokenService tokens = new TokenService(authenticator, codes, grants, issuer,
            user -> allowlist.get().allows(user), clock);
    final RevocationService revocation = new RevocationService(authenticator, validator, grants);
    final IntrospectionService introspection = new IntrospectionService(authenticator, validator, grants, ISSUER);

    /** One generated RSA key per test JVM, seeded into each fixture's store (generation costs ~0.5 s). */
    private static String seedJwks;

    private static synchronized StateStore seeded(StateStore store) {
        if (seedJwks == null) {
            StateStore scratch = TestStores.memory();
            new SigningKeys(scratch, Optional.empty(), java.time.Clock.systemUTC());
            seedJwks = scratch.get(SigningKeys.PRIVATE_KEYS).orElseThrow();
        }
        store.putEternal(SigningKeys.PRIVATE_KEYS, seedJwks);
        return store;
    }

    RegisteredClient publicClient(String id) {
        return save(new RegisteredClient(id, Optional.empty(), RegisteredClient.AUTH_NONE, List.of(REDIRECT),
                "Public " + id, "mcp:tools", List.of("authorization_code", "refresh_token"), List.of("code"),
                Map.of(), clock.instant().getEpochSecond(), 0, Secrets.hash("rat-" + id)));
    }

    RegisteredClient publicClientWithoutRefresh(String id) {
        return save(new RegisteredClient(id, Optional.empty(), RegisteredClient.AUTH_NONE, List.of(REDIRECT),
                "Public " + id, "mcp:tools", List.of("authorization_code"), List.of("code"),
                Map.of(), clock.instant().getEpochSecond(), 0, Secrets.hash("rat-" + id)));
    }

    RegisteredClient confidentialClient(String id, String method) {
        return save(new RegisteredClient(id, Optional.of(Secrets.hash(SECRET)), method, List.of(REDIRECT),
                "Confidential " + id, "mcp:tools", List.of("authorization_code", "refresh_token"), List.of("code"),
                Map.of(), clock.instant().getEpochSecond(), 0, Secrets.hash("rat-" + id)));
    }

    private RegisteredClient save(RegisteredClient client) {
        clients.save(client);
        return client;
    }

    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Secrets.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A code for {@code clientId} with the standard verifier, scope {@code mcp:tools openid} and both resources. */
    String code(String clientId) {
        return code(clientId, "mcp:tools openid", List.of(RESOURCE_A, RESOURCE_B));
    }

    String code(String clientId, String scope, List<String> resources) {
        return codes.issue(new AuthorizationCode(clientId, REDIRECT, challenge(VERIFIER), scope, resources, ALICE,
                Secrets.random(16), clock.instant().getEpochSecond()));
    }

    /** Form parameters from name/value pairs; a name may repeat. */
    static Parameters form(String... pairs) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return new Parameters(values);
    }

    /** The standard code exchange of a public client. */
    TokenResponse exchange(String clientId, String code) {
        return tokens.token(null, form("grant_type", "authorization_code", "client_id", clientId, "code", code,
                "redirect_uri", REDIRECT, "code_verifier", VERIFIER));
    }

    TokenResponse refresh(String clientId, String refreshToken, String... extra) {
        List<String> pairs = new ArrayList<>(List.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", refreshToken));
        pairs.addAll(List.of(extra));
        return tokens.token(null, form(pairs.toArray(String[]::new)));
    }

    static String basic(String id, String secret) {
        String raw = java.net.URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
