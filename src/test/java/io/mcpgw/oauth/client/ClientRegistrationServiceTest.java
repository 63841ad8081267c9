package io.mcpgw.oauth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.store.StateStore;
import io.mcpgw.testing.ManualClockStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientRegistrationServiceTest {
    private static final String ISSUER = "https://auth.example.org";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LIFETIME = Duration.ofDays(90);
    private static final String ADDRESS = "192.0.2.10";

    private static final String MCP_REMOTE = """
            {"redirect_uris":["http://127.0.0.1:9696/oauth/callback"],"token_endpoint_auth_method":"none",
             "grant_types":["authorization_code","refresh_token"],"response_types":["code"],
             "client_name":"MCP CLI Client","client_uri":"https://github.com/modelcontextprotocol/mcp-cli",
             "scope":"mcp:tools","software_id":"2e6dc280-f3c3-4e01-99a7-8181dbd1d23d","software_version":"0.15.1"}""";

    private final ManualClockStateStore store = new ManualClockStateStore();
    private final List<String> revoked = new CopyOnWriteArrayList<>();

    private ClientRegistrationService service(Optional<Duration> lifetime, int rateLimit) {
        return new ClientRegistrationService(new StoreClientRepository(store, lifetime), store, ISSUER, lifetime,
                rateLimit, revoked::add, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private final ClientRegistrationService service = service(Optional.of(LIFETIME), 0);

    private static JsonNode json(String text) {
        try {
            return Json.parseUntrusted(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Registration register(String body) {
        return service.register(json(body), ADDRESS);
    }

    private static String token(Registration r) {
        return (String) r.document().get("registration_access_token");
    }

    @Nested
    class Registering {

        @Test
        void publicClientGetsNoSecretAndEverythingEchoed() {
            String body = """
                    {"redirect_uris":["http://127.0.0.1:9696/oauth/callback","com.example.app:/cb"],
                     "token_endpoint_auth_method":"none","grant_types":["authorization_code","refresh_token"],
                     "response_types":["code"],"client_name":"MCP CLI Client","scope":"mcp:tools offline_access",
                     "client_uri":"https://github.com/modelcontextprotocol/mcp-cli","logo_uri":"https://x.example/l.png",
                     "tos_uri":"https://x.example/tos","policy_uri":"http://localhost:8080/policy",
                     "contacts":["ops@example.org"],"software_id":"sw-1","software_version":"0.15.1",
                     "application_type":"native","jwks":{"keys":[]},"unknown_field":42}""";

            Registration r = register(body);
            Map<String, Object> doc = r.document();

            String clientId = r.client().clientId();
            assertThat(clientId).startsWith("mcp_").hasSizeGreaterThan(20);
            assertThat(doc).containsEntry("client_id", clientId)
                    .containsEntry("client_id_issued_at", NOW.getEpochSecond())
                    .containsEntry("registration_client_uri", ISSUER + "/register/" + clientId)
                    .containsEntry("redirect_uris", List.of("http://127.0.0.1:9696/oauth/callback", "com.example.app:/cb"))
                    .containsEntry("token_endpoint_auth_method", "none")
                    .containsEntry("grant_types", List.of("authorization_code", "refresh_token"))
                    .containsEntry("response_types", List.of("code"))
                    .containsEntry("client_name", "MCP CLI Client")
                    .containsEntry("scope", "mcp:tools offline_access")
                    .containsEntry("client_uri", "https://github.com/modelcontextprotocol/mcp-cli")
                    .containsEntry("logo_uri", "https://x.example/l.png")
                    .containsEntry("tos_uri", "https://x.example/tos")
                    .containsEntry("policy_uri", "http://localhost:8080/policy")
                    .containsEntry("contacts", List.of("ops@example.org"))
                    .containsEntry("software_id", "sw-1")
                    .containsEntry("software_version", "0.15.1")
                    .containsEntry("application_type", "native")
                    .doesNotContainKeys("client_secret", "client_secret_expires_at", "jwks", "unknown_field");
            assertThat(token(r)).hasSize(43);
            assertThat(r.reused()).isFalse();
            assertThat(r.client().isPublic()).isTrue();
            assertThat(r.client().clientSecretHash()).isEmpty();
        }

        @Test
        void defaultsMakeAConfidentialBasicClientWhoseSecretExpiresWithTheIdleClient() {
            Registration r = register("{\"redirect_uris\":[\"https://app.example/cb\"]}");

            assertThat(r.document())
                    .containsEntry("token_endpoint_auth_method", "client_secret_basic")
                    .containsEntry("grant_types", List.of("authorization_code", "refresh_token"))
                    .containsEntry("response_types", List.of("code"))
                    .containsEntry("client_secret_expires_at", NOW.plus(LIFETIME).getEpochSecond())
                    .doesNotContainKeys("client_name", "scope", "contacts", "client_uri");
            String secret = (String) r.document().get("client_secret");
            assertThat(secret).hasSize(43);
            assertThat(r.client().clientSecretHash()).contains(Secrets.hash(secret));
            assertThat(r.client().registrationAccessTokenHash()).isEqualTo(Secrets.hash(token(r)));
        }

        @Test
        void clientSecretPostIsConfidentialToo() {
            Registration r = register("""
                    {"redirect_uris":["https://claude.ai/api/mcp/auth_callback"],
                     "token_endpoint_auth_method":"client_secret_post","grant_types":["authorization_code"]}""");

            assertThat(r.document()).containsKey("client_secret")
                    .containsEntry("token_endpoint_auth_method", "client_secret_post")
                    .containsEntry("grant_types", List.of("authorization_code"));
        }

        @Test
        void nullAndEmptyOptionalValuesCountAsAbsentAndDuplicatesAreDropped() {
            Registration r = register("""
                    {"redirect_uris":["https://a.example/cb","https://a.example/cb"],"token_endpoint_auth_method":null,
                     "client_name":"","scope":null,"contacts":[],"grant_types":["authorization_code","authorization_code"]}""");

            assertThat(r.document())
                    .containsEntry("redirect_uris", List.of("https://a.example/cb"))
                    .containsEntry("token_endpoint_auth_method", "client_secret_basic")
                    .containsEntry("grant_types", List.of("authorization_code"))
                    .doesNotContainKeys("client_name", "scope", "contacts");
        }

        @Test
        void unsupportedScopeTokensAreDroppedNotRefused() {
            Registration claudeLike = register("""
                    {"redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"token_endpoint_auth_method":"none",
                     "scope":"claudeai"}""");
            Registration mixed = register("""
                    {"redirect_uris":["https://claude.ai/api/mcp/auth_callback"],"scope":"claudeai mcp:tools  openid"}""");

            assertThat(claudeLike.document()).doesNotContainKey("scope");
            assertThat(claudeLike.client().scope()).isEmpty();
            assertThat(mixed.document()).containsEntry("scope", "mcp:tools openid");
        }

        @Test
        void secretsAreStoredOnlyAsHashes() {
            Registration confidential = register("{\"redirect_uris\":[\"https://app.example/cb\"]}");
            Registration publicOne = register(MCP_REMOTE);
            List<String> secrets = List.of((String) confidential.document().get("client_secret"),
                    token(confidential), token(publicOne));

            Set<String> keys = store.keys("oauth:");
            assertThat(keys).isNotEmpty();
            for (String key : keys) {
                String value = key.equals(StoreClientRepository.INDEX) ? String.join(",", store.members(key))
                        : store.get(key).orElseThrow();
                for (String secret : secrets) {
                    assertThat(key).doesNotContain(secret);
                    assertThat(value).as(key).doesNotContain(secret);
                }
            }
        }
    }

    @Nested
    class Idempotence {

        @Test
        void identicalPublicRegistrationReturnsTheSameClientWithoutAManagementToken() {
            Registration first = register(MCP_REMOTE);
            int keysAfterFirst = store.keys("oauth:").size();
            String reordered = """
                    {"software_version":"0.15.1","scope":"mcp:tools","grant_types":["refresh_token","authorization_code"],
                     "client_uri":"https://github.com/modelcontextprotocol/mcp-cli","client_name":"MCP CLI Client",
                     "response_types":["code"],"token_endpoint_auth_method":"none","extra":"ignored",
                     "redirect_uris":["http://127.0.0.1:9696/oauth/callback"],"software_id":"2e6dc280-f3c3-4e01-99a7-8181dbd1d23d"}""";

            Registration second = register(reordered);
            Registration third = register(MCP_REMOTE);

            assertThat(second.client().clientId()).isEqualTo(first.client().clientId());
            assertThat(third.client().clientId()).isEqualTo(first.client().clientId());
            assertThat(second.reused()).isTrue();
            assertThat(second.document()).doesNotContainKey("registration_access_token")
                    .containsEntry("registration_client_uri", ISSUER + "/register/" + first.client().clientId())
                    .containsEntry("client_id_issued_at", NOW.getEpochSecond());
            Map<String, Object> expected = new java.util.LinkedHashMap<>(first.document());
            expected.remove("registration_access_token");
            assertThat(third.document()).isEqualTo(expected);
            assertThat(store.keys("oauth:")).as("only the shared mark is new")
                    .hasSize(keysAfterFirst + 1).contains(SharedClients.PREFIX + first.client().clientId());
            assertThatThrownBy(() -> service.read(first.client().clientId(), token(first)))
                    .as("a shared client is nobody's to manage")
                    .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error().status()).isEqualTo(403));
        }

        @Test
        void differentPublicMetadataMakesAnotherClient() {
            Registration first = register(MCP_REMOTE);
            Registration other = register(MCP_REMOTE.replace("0.15.1", "0.15.2"));

            assertThat(other.client().clientId()).isNotEqualTo(first.client().clientId());
            assertThat(other.reused()).isFalse();
            assertThat(token(other)).isNotNull();
        }

        @Test
        void confidentialRegistrationIsAlwaysNew() {
            String body = "{\"redirect_uris\":[\"https://app.example/cb\"],\"client_name\":\"App\"}";
            Registration first = register(body);
            int keysAfterFirst = store.keys("oauth:").size();

            Registration second = register(body);

            assertThat(second.client().clientId()).isNotEqualTo(first.client().clientId());
            assertThat(second.document()).containsKeys("client_secret", "registration_access_token");
            assertThat(store.keys("oauth:client:")).hasSize(2);
            assertThat(store.keys("oauth:")).hasSizeGreaterThan(keysAfterFirst);
            assertThat(store.keys(ClientFingerprints.PREFIX)).isEmpty();
        }

        @Test
        void concurrentIdenticalPublicRegistrationsConvergeOnOneClient() throws Exception {
            int threads = 20;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Registration>> futures = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        return register(MCP_REMOTE);
                    }));
                }
                start.countDown();
                Set<String> ids = new HashSet<>();
                int withToken = 0;
                for (Future<Registration> f : futures) {
                    Registration r = f.get(30, TimeUnit.SECONDS);
                    ids.add(r.client().clientId());
                    withToken += token(r) == null ? 0 : 1;
                }
                assertThat(ids).hasSize(1);
                assertThat(withToken).isEqualTo(1);
                assertThat(store.keys("oauth:client:")).containsExactly("oauth:client:" + ids.iterator().next());
                assertThat(store.keys(ClientFingerprints.PREFIX)).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void aFingerprintOfAVanishedClientIsReplaced() {
            Registration first = register(MCP_REMOTE);
            new StoreClientRepository(store, Optional.of(LIFETIME)).delete(first.client().clientId());

            Registration again = register(MCP_REMOTE);

            assertThat(again.client().clientId()).isNotEqualTo(first.client().clientId());
            assertThat(again.reused()).isFalse();
            assertThat(store.keys(ClientFingerprints.PREFIX)).hasSize(1);
            assertThat(store.get(store.keys(ClientFingerprints.PREFIX).iterator().next()))
                    .contains(again.client().clientId());
        }
    }

    @Nested
    class Validation {

        static Stream<Arguments> badBodies() {
            StringBuilder many = new StringBuilder("{\"redirect_uris\":[");
            for (int i = 0; i < 21; i++) {
                many.append(i == 0 ? "" : ",").append("\"https://a.example/cb").append(i).append('"');
            }
            many.append("]}");
            String ok = "\"redirect_uris\":[\"https://a.example/cb\"]";
            return Stream.of(
                    arguments("[]", "invalid_client_metadata", "JSON object"),
                    arguments("\"text\"", "invalid_client_metadata", "JSON object"),
                    arguments("{}", "invalid_client_metadata", "redirect_uris is required"),
                    arguments("{\"redirect_uris\":null}", "invalid_client_metadata", "redirect_uris is required"),
                    arguments("{\"redirect_uris\":\"https://a.example/cb\"}", "invalid_client_metadata", "redirect_uris must be an array"),
                    arguments("{\"redirect_uris\":[]}", "invalid_client_metadata", "must not be empty"),
                    arguments(many.toString(), "invalid_client_metadata", "at most 20"),
                    arguments("{\"redirect_uris\":[1]}", "invalid_redirect_uri", "only strings"),
                    arguments("{\"redirect_uris\":[\"https://a.example/cb\",null]}", "invalid_redirect_uri", "only strings"),
                    arguments("{\"redirect_uris\":[\"http://evil.com/cb\"]}", "invalid_redirect_uri", "loopback"),
                    arguments("{\"redirect_uris\":[\"http://localhost.evil.com/cb\"]}", "invalid_redirect_uri", "loopback"),
                    arguments("{\"redirect_uris\":[\"javascript:alert(1)\"]}", "invalid_redirect_uri", "javascript"),
                    arguments("{\"redirect_uris\":[\"https://a.example/cb#f\"]}", "invalid_redirect_uri", "fragment"),
                    arguments("{" + ok + ",\"token_endpoint_auth_method\":\"private_key_jwt\"}", "invalid_client_metadata", "token_endpoint_auth_method must be"),
                    arguments("{" + ok + ",\"token_endpoint_auth_method\":5}", "invalid_client_metadata", "token_endpoint_auth_method must be a string"),
                    arguments("{" + ok + ",\"grant_types\":[\"client_credentials\"]}", "invalid_client_metadata", "grant_types may only"),
                    arguments("{" + ok + ",\"grant_types\":[\"authorization_code\",\"implicit\"]}", "invalid_client_metadata", "grant_types may only"),
                    arguments("{" + ok + ",\"grant_types\":[\"refresh_token\"]}", "invalid_client_metadata", "must include authorization_code"),
                    arguments("{" + ok + ",\"grant_types\":[]}", "invalid_client_metadata", "must include authorization_code"),
                    arguments("{" + ok + ",\"grant_types\":\"authorization_code\"}", "invalid_client_metadata", "grant_types must be an array"),
                    arguments("{" + ok + ",\"grant_types\":[1]}", "invalid_client_metadata", "grant_types must be an array"),
                    arguments("{" + ok + ",\"response_types\":[\"token\"]}", "invalid_client_metadata", "response_types must be"),
                    arguments("{" + ok + ",\"response_types\":[\"code\",\"token\"]}", "invalid_client_metadata", "response_types must be"),
                    arguments("{" + ok + ",\"response_types\":[]}", "invalid_client_metadata", "response_types must be"),
                    arguments("{" + ok + ",\"scope\":5}", "invalid_client_metadata", "scope must be a string"),
                    arguments("{" + ok + ",\"scope\":\"mcp:tools a\\\\b\"}", "invalid_client_metadata", "RFC 6749"),
                    arguments("{" + ok + ",\"client_name\":\"" + "n".repeat(201) + "\"}", "invalid_client_metadata", "client_name is longer than 200"),
                    arguments("{" + ok + ",\"client_name\":5}", "invalid_client_metadata", "client_name must be a string"),
                    arguments("{" + ok + ",\"client_name\":\"a\\u0007b\"}", "invalid_client_metadata", "client_name contains control"),
                    arguments("{" + ok + ",\"client_uri\":\"javascript:alert(1)\"}", "invalid_client_metadata", "client_uri must be an https URL"),
                    arguments("{" + ok + ",\"logo_uri\":\"http://evil.com/l.png\"}", "invalid_client_metadata", "logo_uri must be an https URL"),
                    arguments("{" + ok + ",\"tos_uri\":1}", "invalid_client_metadata", "tos_uri must be a string"),
                    arguments("{" + ok + ",\"policy_uri\":\"ftp://x.example/p\"}", "invalid_client_metadata", "policy_uri must be an https URL"),
                    arguments("{" + ok + ",\"contacts\":\"ops@example.org\"}", "invalid_client_metadata", "contacts must be an array"),
                    arguments("{" + ok + ",\"contacts\":[1]}", "invalid_client_metadata", "contacts must be an array"),
                    arguments("{" + ok + ",\"contacts\":[\"\"]}", "invalid_client_metadata", "contacts must hold"),
                    arguments("{" + ok + ",\"contacts\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}", "invalid_client_metadata", "contacts may hold at most 10"),
                    arguments("{" + ok + ",\"software_id\":{}}", "invalid_client_metadata", "software_id must be a string"),
                    arguments("{" + ok + ",\"software_version\":[]}", "invalid_client_metadata", "software_version must be a string"),
                    arguments("{" + ok + ",\"application_type\":\"desktop\"}", "invalid_client_metadata", "application_type must be native or web"));
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @MethodSource("badBodies")
        void refusesWithTheRfc7591ErrorCode(String body, String code, String description) {
            assertThatThrownBy(() -> register(body))
                    .isInstanceOfSatisfying(OAuthException.class, e -> {
                        assertThat(e.error().code()).isEqualTo(code);
                        assertThat(e.error().status()).isEqualTo(400);
                        assertThat(e.error().description()).contains(description);
                    });
            assertThat(store.keys("oauth:client")).isEmpty();
        }

        @Test
        void refusesANullBody() {
            assertThatThrownBy(() -> service.register(null, ADDRESS))
                    .isInstanceOfSatisfying(OAuthException.class,
                            e -> assertThat(e.error().code()).isEqualTo("invalid_client_metadata"));
        }
    }

    @Nested
    class Management {

        @Test
        void readReturnsTheDocumentWithoutSecrets() {
            Registration r = register("{\"redirect_uris\":[\"https://app.example/cb\"],\"client_name\":\"App\"}");

            Map<String, Object> doc = service.read(r.client().clientId(), token(r));

            assertThat(doc).containsEntry("client_id", r.client().clientId())
                    .containsEntry("client_name", "App")
                    .containsEntry("client_secret_expires_at", NOW.plus(LIFETIME).getEpochSecond())
                    .containsEntry("registration_client_uri", ISSUER + "/register/" + r.client().clientId())
                    .doesNotContainKeys("client_secret", "registration_access_token");
        }

        @Test
        void authenticationIsCheckedAs401Then404Then403() {
            Registration r = register(MCP_REMOTE);
            Registration other = register("{\"redirect_uris\":[\"https://app.example/cb\"]}");
            String id = r.client().clientId();

            assertError(() -> service.read(id, null), "invalid_token", 401);
            assertError(() -> service.read(id, ""), "invalid_token", 401);
            assertError(() -> service.read("mcp_unknown", "whatever"), "invalid_client", 404);
            assertError(() -> service.read("mcp_unknown", null), "invalid_token", 401);
            assertError(() -> service.read(id, "wrong"), "invalid_token", 403);
            assertError(() -> service.read(id, token(other)), "invalid_token", 403);
            assertError(() -> service.read(id, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"), "invalid_token", 403);
            assertError(() -> service.update(id, "wrong", json(MCP_REMOTE)), "invalid_token", 403);
            assertError(() -> service.delete(id, "wrong"), "invalid_token", 403);
            assertThat(revoked).isEmpty();
            assertThat(service.read(id, token(r))).containsEntry("client_id", id);
        }

        @Test
        void updateReplacesTheMetadataAndKeepsIdentityAndCredentials() {
            Registration r = register("{\"redirect_uris\":[\"https://app.example/cb\"],\"client_name\":\"App\","
                    + "\"scope\":\"mcp:tools\",\"token_endpoint_auth_method\":\"client_secret_basic\"}");
            String id = r.client().clientId();

            Map<String, Object> doc = service.update(id, token(r), json("""
                    {"client_id":"%s","client_secret":"ignored","redirect_uris":["https://app.example/new"],
                     "token_endpoint_auth_method":"client_secret_post","client_uri":"https://app.example"}"""
                    .formatted(id)));

            assertThat(doc).containsEntry("client_id", id)
                    .containsEntry("redirect_uris", List.of("https://app.example/new"))
                    .containsEntry("token_endpoint_auth_method", "client_secret_post")
                    .containsEntry("client_uri", "https://app.example")
                    .containsEntry("client_id_issued_at", NOW.getEpochSecond())
                    .doesNotContainKeys("client_name", "scope", "client_secret", "registration_access_token");
            assertThat(service.read(id, token(r))).isEqualTo(doc);
            RegisteredClient stored = new StoreClientRepository(store, Optional.of(LIFETIME)).findById(id).orElseThrow();
            assertThat(stored.clientSecretHash()).isEqualTo(r.client().clientSecretHash());
            assertThat(stored.registrationAccessTokenHash()).isEqualTo(r.client().registrationAccessTokenHash());
        }

        @Test
        void updateRefusesAnotherClientIdAndASwitchBetweenPublicAndConfidential() {
            Registration pub = register(MCP_REMOTE);
            Registration conf = register("{\"redirect_uris\":[\"https://app.example/cb\"]}");
            String pubId = pub.client().clientId();

            assertError(() -> service.update(pubId, token(pub), json(MCP_REMOTE.replace("{", "{\"client_id\":\"mcp_other\","))),
                    "invalid_client_metadata", 400);
            assertError(() -> service.update(pubId, token(pub), json(MCP_REMOTE.replace("{", "{\"client_id\":7,"))),
                    "invalid_client_metadata", 400);
            assertError(() -> service.update(pubId, token(pub), json(MCP_REMOTE.replace("\"none\"", "\"client_secret_basic\""))),
                    "invalid_client_metadata", 400);
            assertError(() -> service.update(conf.client().clientId(), token(conf),
                    json("{\"redirect_uris\":[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"none\"}")),
                    "invalid_client_metadata", 400);
            assertError(() -> service.update(pubId, token(pub), json("{\"redirect_uris\":[\"http://evil.com/cb\"]}")),
                    "invalid_redirect_uri", 400);
            assertThat(service.read(pubId, token(pub)))
                    .containsEntry("redirect_uris", List.of("http://127.0.0.1:9696/oauth/callback"))
                    .containsEntry("token_endpoint_auth_method", "none");
        }

        @Test
        void updateOfAPublicClientKeepsNoneWhenOmittedAndMovesItsFingerprint() {
            Registration r = register(MCP_REMOTE);
            String id = r.client().clientId();
            String newBody = "{\"redirect_uris\":[\"http://127.0.0.1:7777/cb\"],\"client_name\":\"Renamed\"}";

            Map<String, Object> doc = service.update(id, token(r), json(newBody));

            assertThat(doc).containsEntry("token_endpoint_auth_method", "none").containsEntry("client_name", "Renamed");
            assertThat(store.keys(ClientFingerprints.PREFIX)).hasSize(1);
            Registration sameAsNew = register(newBody.replace("{", "{\"token_endpoint_auth_method\":\"none\","));
            assertThat(sameAsNew.client().clientId()).isEqualTo(id);
            assertThat(sameAsNew.reused()).isTrue();
            Registration sameAsOld = register(MCP_REMOTE);
            assertThat(sameAsOld.client().clientId()).isNotEqualTo(id);
        }

        @Test
        void updateChecksTheTokenBeforeReadingTheBody() {
            Registration r = register(MCP_REMOTE);
            assertError(() -> service.update(r.client().clientId(), null, () -> {
                throw new AssertionError("body read before authentication");
            }), "invalid_token", 401);
        }

        @Test
        void deleteRemovesClientAndFingerprintAndRevokesGrants() {
            Registration r = register(MCP_REMOTE);
            String id = r.client().clientId();

            service.delete(id, token(r));

            assertThat(revoked).containsExactly(id);
            assertThat(store.keys("oauth:client:")).isEmpty();
            assertThat(store.keys(ClientFingerprints.PREFIX)).isEmpty();
            assertError(() -> service.read(id, token(r)), "invalid_client", 404);
            assertError(() -> service.delete(id, token(r)), "invalid_client", 404);
            assertThat(revoked).containsExactly(id);
            assertThat(register(MCP_REMOTE).client().clientId()).isNotEqualTo(id);
        }

        private void assertError(Runnable call, String code, int status) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(OAuthException.class, e -> {
                assertThat(e.error().code()).isEqualTo(code);
                assertThat(e.error().status()).isEqualTo(status);
            });
        }
    }

    @Nested
    class Lifetime {

        @Test
        void clientAndFingerprintLiveForTheClientLifetime() {
            Registration r = register(MCP_REMOTE);
            String fpKey = store.keys(ClientFingerprints.PREFIX).iterator().next();

            assertThat(store.ttl("oauth:client:" + r.client().clientId())).contains(LIFETIME);
            assertThat(store.ttl(fpKey)).contains(LIFETIME);

            store.advance(LIFETIME.plusSeconds(1));
            assertThat(store.keys("oauth:")).isEmpty();
            Registration later = register(MCP_REMOTE);
            assertThat(later.client().clientId()).isNotEqualTo(r.client().clientId());
            assertThat(later.reused()).isFalse();
        }

        @Test
        void clientsAreEternalWhenTheLifetimeIsEmpty() {
            ClientRegistrationService eternal = service(Optional.empty(), 0);
            Registration pub = eternal.register(json(MCP_REMOTE), ADDRESS);
            Registration conf = eternal.register(json("{\"redirect_uris\":[\"https://app.example/cb\"]}"), ADDRESS);

            assertThat(store.ttl("oauth:client:" + pub.client().clientId())).contains(StateStore.ETERNAL);
            assertThat(store.ttl("oauth:client:" + conf.client().clientId())).contains(StateStore.ETERNAL);
            assertThat(store.ttl(store.keys(ClientFingerprints.PREFIX).iterator().next())).contains(StateStore.ETERNAL);
            assertThat(conf.document()).containsEntry("client_secret_expires_at", 0L);
        }
    }

    @Nested
    class RateLimit {

        private static String distinct(int i) {
            return MCP_REMOTE.replace("0.15.1", "0.15." + (100 + i));
        }

        @Test
        void refusesTheFourthNewClientOfAMinuteFromOneAddress() {
            ClientRegistrationService limited = service(Optional.of(LIFETIME), 3);
            for (int i = 0; i < 3; i++) {
                limited.register(json(distinct(i)), ADDRESS);
            }

            assertThatThrownBy(() -> limited.register(json(distinct(3)), ADDRESS))
                    .isInstanceOfSatisfying(TooManyRegistrationsException.class, e -> {
                        assertThat(e.retryAfterSeconds()).isEqualTo(60);
                        assertThat(e.error().status()).isEqualTo(429);
                        assertThat(e.error().code()).isEqualTo("invalid_request");
                    });
            assertThat(limited.register(json(distinct(4)), "2001:db8::1").reused()).isFalse();

            store.advance(Duration.ofSeconds(45));
            assertThatThrownBy(() -> limited.register(json(distinct(5)), ADDRESS))
                    .isInstanceOfSatisfying(TooManyRegistrationsException.class,
                            e -> assertThat(e.retryAfterSeconds()).isEqualTo(15));

            store.advance(Duration.ofSeconds(15));
            assertThat(limited.register(json(distinct(6)), ADDRESS).client().clientId()).startsWith("mcp_");
        }

        @Test
        void idempotentReRegistrationsAreNeverCountedNorRefused() {
            ClientRegistrationService limited = service(Optional.of(LIFETIME), 1);
            String id = limited.register(json(MCP_REMOTE), ADDRESS).client().clientId();
            for (int i = 0; i < 10; i++) {
                Registration again = limited.register(json(MCP_REMOTE), ADDRESS);
                assertThat(again.reused()).isTrue();
                assertThat(again.client().clientId()).isEqualTo(id);
            }
            assertThatThrownBy(() -> limited.register(json(distinct(1)), ADDRESS))
                    .as("the one new client of the minute was the first").isInstanceOf(TooManyRegistrationsException.class);
        }

        @Test
        void invalidBodiesAreRefusedUncountedAndUnknownAddressesShareOneBucket() {
            ClientRegistrationService limited = service(Optional.of(LIFETIME), 1);
            assertThatThrownBy(() -> limited.register(json("{}"), null)).isInstanceOf(OAuthException.class);
            assertThat(store.keys(RegistrationRateLimiter.PREFIX)).isEmpty();
            limited.register(json(MCP_REMOTE), null);
            assertThatThrownBy(() -> limited.register(json(distinct(1)), null))
                    .isInstanceOf(TooManyRegistrationsException.class);
            assertThat(store.keys(RegistrationRateLimiter.PREFIX)).containsExactly(RegistrationRateLimiter.PREFIX + "unknown");
        }

        @Test
        void zeroMeansNoLimit() {
            for (int i = 0; i < 50; i++) {
                service.register(json(MCP_REMOTE), ADDRESS);
            }
            assertThat(store.keys(RegistrationRateLimiter.PREFIX)).isEmpty();
        }
    }
}
