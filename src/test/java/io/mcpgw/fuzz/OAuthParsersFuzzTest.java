package io.mcpgw.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.authorize.AuthorizationProblem;
import io.mcpgw.oauth.authorize.AuthorizationRequest;
import io.mcpgw.oauth.authorize.AuthorizationRequestValidator;
import io.mcpgw.oauth.client.ClientMetadata;
import io.mcpgw.oauth.client.ClientMetadataParser;
import io.mcpgw.oauth.client.RedirectUriRules;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.client.StoreClientRepository;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.testing.TestStores;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing of the framework-free OAuth parsers: each either accepts its input (and then the accepted
 * value obeys the parser's rule) or rejects it with its one documented exception carrying an RFC error code and a
 * 4xx status; no other exception (NPE, IllegalArgument, ClassCast, StackOverflow) escapes.
 * Inputs tried: broken percent-encoding ({@code %}, {@code %G1}, {@code %e2%82}), NUL/CR/LF, lone surrogates,
 * repeated and empty names, 3000-character values, JSON of every type and nesting in every metadata field,
 * dangerous schemes ({@code javascript:}, {@code data:}, {@code file:}), user info, fragments, dot segments,
 * and authorization requests mixing valid and junk parameters.
 */
class OAuthParsersFuzzTest {
    static final Set<String> OAUTH_CODES = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "unsupported_response_type", "invalid_scope",
            "invalid_target", "access_denied", "invalid_redirect_uri", "invalid_client_metadata", "invalid_token");
    static final String REDIRECT = "http://127.0.0.1:9696/cb";
    static final String WEB_REDIRECT = "https://app.example/cb";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    static final String ISSUER = "http://localhost:8080";

    static void rfcShaped(OAuthException e) {
        assertThat(OAUTH_CODES).contains(e.error().code());
        assertThat(e.error().status()).isBetween(400, 499);
        assertThat(e.error().description()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Property(tries = 2000)
    void theFormParserAcceptsOrRejectsWithInvalidRequest(@ForAll("forms") String form) {
        try {
            Parameters p = Parameters.parseUrlEncoded(form);
            for (String name : List.of("grant_type", "code", "client_id", "resource", "scope", "state")) {
                try {
                    p.optional(name).ifPresent(v -> assertThat(v).isNotEmpty());
                } catch (OAuthException repeated) {
                    rfcShaped(repeated);
                    assertThat(repeated.error().code()).isEqualTo("invalid_request");
                }
                assertThat(p.all(name)).doesNotContain("");
            }
        } catch (OAuthException e) {
            rfcShaped(e);
            assertThat(e.error().code()).isEqualTo("invalid_request");
        }
    }

    @Provide
    Arbitrary<String> forms() {
        return Malformed.formText("grant_type", "code", "client_id", "resource", "scope", "state", "redirect_uri");
    }

    @Property(tries = 2000)
    void redirectUriRulesAcceptOnlySafeAbsoluteUris(@ForAll("redirectUris") String uri) {
        try {
            RedirectUriRules.validate(uri);
            URI parsed = URI.create(uri);
            assertThat(parsed.isAbsolute()).isTrue();
            assertThat(uri).doesNotContain("#");
            assertThat(parsed.getRawUserInfo()).isNull();
            String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
            assertThat(scheme).isNotIn("javascript", "data", "file", "vbscript");
            if (scheme.equals("http")) {
                assertThat(parsed.getHost()).isIn("localhost", "127.0.0.1", "[::1]");
            }
        } catch (OAuthException e) {
            rfcShaped(e);
            assertThat(e.error().code()).isEqualTo("invalid_redirect_uri");
        }
        boolean matches = RedirectUriRules.matches(List.of(REDIRECT, WEB_REDIRECT), uri);
        if (matches && !uri.equals(REDIRECT) && !uri.equals(WEB_REDIRECT)) {
            URI asked = URI.create(uri);
            assertThat(asked.getScheme()).isEqualTo("http");
            assertThat(asked.getHost()).isEqualTo("127.0.0.1");
            assertThat(asked.getRawPath()).isEqualTo("/cb");
        }
    }

    @Provide
    Arbitrary<String> redirectUris() {
        Arbitrary<String> scheme = Malformed.textOr("http", "https", "HTTP", "javascript", "data", "file", "custom.app");
        Arbitrary<String> host = Malformed.textOr("127.0.0.1", "localhost", "[::1]", "app.example", "evil.test",
                "127.0.0.1.evil.test", "user@127.0.0.1");
        Arbitrary<String> port = Arbitraries.oneOf(Arbitraries.of("", ":9696", ":0", ":65536", ":-1", ":x"),
                Arbitraries.integers().between(0, 70000).map(i -> ":" + i));
        Arbitrary<String> path = Malformed.textOr("/cb", "/cb/../x", "/cb#frag", "/cb?x=1", "", "/%2e%2e/cb");
        return Arbitraries.oneOf(
                Combinators.combine(scheme, Arbitraries.of("://", ":/", ":", ":///"), host, port, path)
                        .as((s, sep, h, p, pa) -> s + sep + h + p + pa),
                Malformed.text());
    }

    @Property(tries = 2000)
    void clientMetadataIsAcceptedWithinItsRulesOrRejectedAsInvalidMetadata(@ForAll("registrations") JsonNode body) {
        try {
            ClientMetadata m = ClientMetadataParser.parse(body, RegisteredClient.AUTH_NONE);
            assertThat(m.redirectUris()).isNotEmpty().hasSizeLessThanOrEqualTo(ClientMetadataParser.MAX_REDIRECT_URIS);
            m.redirectUris().forEach(RedirectUriRules::validate);
            m.clientName().ifPresent(n -> assertThat(n.length()).isLessThanOrEqualTo(ClientMetadataParser.MAX_NAME));
            assertThat(m.grantTypes()).contains("authorization_code");
            assertThat(Json.write(m.other())).doesNotContain("javascript:");
        } catch (OAuthException e) {
            rfcShaped(e);
            assertThat(e.error().code()).isIn("invalid_client_metadata", "invalid_redirect_uri");
        }
    }

    @Provide
    Arbitrary<JsonNode> registrations() {
        ObjectNode valid = (ObjectNode) Json.read("""
                {"redirect_uris":["http://127.0.0.1:9696/cb"],"token_endpoint_auth_method":"none",
                 "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
                 "client_name":"fuzz","scope":"mcp:tools","client_uri":"https://app.example/",
                 "logo_uri":"https://app.example/logo.png","contacts":["a@app.example"],"software_id":"x",
                 "software_version":"1","application_type":"native"}""", JsonNode.class);
        List<String> fields = new ArrayList<>();
        valid.fieldNames().forEachRemaining(fields::add);
        fields.add("jwks");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Malformed.mutate(valid, fields).map(JsonNode.class::cast)),
                net.jqwik.api.Tuple.of(2, Malformed.json()));
    }

    @Property(tries = 2000)
    void authorizationRequestsNeverRedirectToAnUnregisteredUri(@ForAll("authorizeQueries") Map<String, List<String>> query) {
        AuthorizationRequestValidator validator = new AuthorizationRequestValidator(CLIENTS, RESOURCES);
        try {
            AuthorizationRequest request = validator.validate(new Parameters(query));
            assertThat(RedirectUriRules.matches(CLIENT.redirectUris(), request.redirectUri())).isTrue();
            assertThat(request.codeChallenge()).matches("[A-Za-z0-9_-]{43}");
        } catch (AuthorizationProblem p) {
            assertThat(OAUTH_CODES).contains(p.error());
            assertThat(p.description()).isNotBlank().doesNotContain("Exception");
            if (p.redirectUri() != null) {
                assertThat(RedirectUriRules.matches(CLIENT.redirectUris(), p.redirectUri())).isTrue();
            }
        }
    }

    static final RegisteredClient CLIENT = new RegisteredClient("fuzz-client", Optional.empty(), RegisteredClient.AUTH_NONE,
            List.of(REDIRECT, WEB_REDIRECT), "fuzz", "mcp:tools", List.of("authorization_code", "refresh_token"),
            List.of("code"), Map.of(), 1_700_000_000L, 0L, "hash");
    static final StoreClientRepository CLIENTS = new StoreClientRepository(TestStores.memory(), Optional.empty());
    static final ResourceCatalog RESOURCES = new ResourceCatalog(ISSUER, Optional.empty());

    static {
        CLIENTS.save(CLIENT);
        RESOURCES.register("everything");
    }

    @Provide
    Arbitrary<Map<String, List<String>>> authorizeQueries() {
        Map<String, Arbitrary<String>> fields = new LinkedHashMap<>();
        fields.put("client_id", Malformed.textOr("fuzz-client", "other-client"));
        fields.put("redirect_uri", Malformed.textOr(REDIRECT, WEB_REDIRECT, "http://127.0.0.1:1/cb",
                "http://127.0.0.1:9696/cb/", "https://evil.test/cb", "http://localhost:9696/cb"));
        fields.put("response_type", Malformed.textOr("code", "token", "code id_token"));
        fields.put("code_challenge", Malformed.textOr(CHALLENGE, CHALLENGE.substring(1), CHALLENGE + "="));
        fields.put("code_challenge_method", Malformed.textOr("S256", "plain", "s256"));
        fields.put("scope", Malformed.textOr("mcp:tools", "openid mcp:tools", "claudeai", "  "));
        fields.put("resource", Malformed.textOr(ISSUER + "/everything/mcp", ISSUER + "/memory/mcp",
                ISSUER + "/everything/mcp#x", "urn:x"));
        fields.put("state", Malformed.textOr("s", "x".repeat(2049)));
        List<Arbitrary<Map.Entry<String, List<String>>>> entries = new ArrayList<>();
        fields.forEach((name, values) -> entries.add(values.list().ofMaxSize(2)
                .map(v -> Map.entry(name, v))));
        return Combinators.combine(entries).as(list -> {
            Map<String, List<String>> q = new LinkedHashMap<>();
            list.forEach(e -> {
                if (!e.getValue().isEmpty()) {
                    q.put(e.getKey(), e.getValue());
                }
            });
            return q;
        });
    }
}
