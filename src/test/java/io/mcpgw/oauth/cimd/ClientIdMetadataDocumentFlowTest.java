package io.mcpgw.oauth.cimd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.routes.BeanNames;
import io.mcpgw.store.StateStore;
import io.mcpgw.testsupport.BrowserSession;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.DocumentSite;
import io.mcpgw.testsupport.InProcessGateway;
import io.mcpgw.testsupport.Pkce;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client ID Metadata Documents end to end, over real HTTP(S): a local HTTPS site with a self-signed certificate
 * (trusted through {@code CIMD_CA_FILE}) publishes client documents, and the real gateway with the development login
 * runs authorize → consent → login → token → refresh → introspect → revoke with the URL as {@code client_id}.
 * Every refusal is an error page at {@code /authorize} (never a redirect) and a 401 {@code invalid_client} at
 * {@code /token}. The gateway {@code dev} allows loopback addresses ({@code CIMD_ALLOW_PRIVATE=true}, the documented
 * development switch); {@code strict} has the default address policy.
 */
class ClientIdMetadataDocumentFlowTest {
    static final String REDIRECT = "http://127.0.0.1:47123/callback";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    static final ObjectMapper JSON = new ObjectMapper();
    static DocumentSite site;
    static InProcessGateway dev;
    static InProcessGateway strict;

    @BeforeAll
    static void start() throws Exception {
        site = DocumentSite.start(Path.of("target/cimd-tls"));
        String ca = site.certificatePem().toAbsolutePath().toString();
        dev = InProcessGateway.start(Map.of("CIMD_ALLOW_PRIVATE", "true", "CIMD_CA_FILE", ca,
                "REGISTER_RATE_LIMIT", "0"));
        strict = InProcessGateway.start(Map.of("CIMD_CA_FILE", ca));
        for (InProcessGateway gw : List.of(dev, strict)) {
            gw.bean("resourceCatalog", ResourceCatalog.class).register("everything");
        }
    }

    @AfterAll
    static void stop() {
        dev.close();
        strict.close();
        site.close();
    }

    /** A valid document for {@code path} on the site, with {@code client_name} and the one redirect URI. */
    static String document(String path, String name) {
        return "{\"client_id\":\"" + site.url(path) + "\",\"client_name\":\"" + name + "\",\"redirect_uris\":[\""
                + REDIRECT + "\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\","
                + "\"client_uri\":\"https://example.com\"}";
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> authorize(InProcessGateway gw, BrowserSession browser, String clientId, Pkce pkce) {
        return browser.get(gw.uri("/authorize?response_type=code&client_id=" + enc(clientId) + "&redirect_uri="
                + enc(REDIRECT) + "&code_challenge=" + pkce.challenge() + "&code_challenge_method=S256&state=st-1"
                + "&resource=" + enc(gw.issuer() + "/everything/mcp")));
    }

    static HttpResponse<String> post(InProcessGateway gw, String path, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(gw.uri(path)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientIdentifiedByItsDocumentSignsInRefreshesIntrospectsAndRevokes() throws Exception {
        String path = "/clients/happy.json";
        String clientId = site.url(path);
        site.serve(path, DocumentSite.Answer.json(document(path, "Doc <b>Client</b>"), "public, max-age=300"));
        BrowserSession browser = new BrowserSession();
        Pkce pkce = Pkce.create();

        HttpResponse<String> consent = authorize(dev, browser, clientId, pkce);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        assertThat(consent.body()).contains("<span id=\"client-host\">localhost</span>")
                .contains("Doc &lt;b&gt;Client&lt;&#47;b&gt;").doesNotContain("<b>Client</b>")
                .contains("<dd id=\"redirect-host\">127.0.0.1</dd>")
                .contains("id=\"local-claim\"")
                .contains("(client id " + clientId.replace("/", "&#47;") + ")");
        HttpResponse<String> approved = browser.postForm(dev.uri("/consent"), "request="
                + enc(BrowserSession.hidden(consent.body(), "request")) + "&csrf_token="
                + enc(BrowserSession.hidden(consent.body(), "csrf_token")) + "&decision=approve");
        assertThat(approved.statusCode()).isEqualTo(302);
        String state = BrowserSession.query(approved.headers().firstValue("Location").orElseThrow()).get("state");
        HttpResponse<String> done = browser.postForm(dev.uri("/login"), "state=" + enc(state) + "&username=alice");
        assertThat(done.statusCode()).isEqualTo(302);
        Map<String, String> back = BrowserSession.query(done.headers().firstValue("Location").orElseThrow());
        assertThat(back).containsEntry("state", "st-1").containsKey("code");

        HttpResponse<String> token = post(dev, "/token", "grant_type=authorization_code&code=" + enc(back.get("code"))
                + "&redirect_uri=" + enc(REDIRECT) + "&client_id=" + enc(clientId) + "&code_verifier="
                + pkce.verifier());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(token.body());
        HttpResponse<String> refreshed = post(dev, "/token", "grant_type=refresh_token&refresh_token="
                + enc(tokens.path("refresh_token").asText()) + "&client_id=" + enc(clientId));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String access = JSON.readTree(refreshed.body()).path("access_token").asText();

        HttpResponse<String> introspected = post(dev, "/introspect", "token=" + enc(access) + "&client_id="
                + enc(clientId));
        assertThat(introspected.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(introspected.body()).path("active").asBoolean()).isTrue();
        assertThat(JSON.readTree(introspected.body()).path("client_id").asText()).isEqualTo(clientId);
        assertThat(post(dev, "/revoke", "token=" + enc(access) + "&client_id=" + enc(clientId)).statusCode())
                .isEqualTo(200);
        assertThat(JSON.readTree(post(dev, "/introspect", "token=" + enc(access) + "&client_id=" + enc(clientId))
                .body()).path("active").asBoolean()).isFalse();

        assertThat(site.hits(path)).as("fetched once, then served from the cache").isEqualTo(1);
        Duration ttl = dev.bean(BeanNames.STATE_STORE, StateStore.class)
                .ttl(MetadataDocumentClients.PREFIX + Secrets.hash(clientId)).orElseThrow();
        assertThat(ttl).as("max-age=300").isBetween(Duration.ofSeconds(200), Duration.ofSeconds(300));
    }

    @Test
    void theMetadataAdvertisesDocumentsAndDynamicRegistrationKeepsWorkingBesideThem() throws Exception {
        JsonNode metadata = JSON.readTree(HTTP.send(HttpRequest.newBuilder(dev.uri(
                "/.well-known/oauth-authorization-server")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(metadata.path("client_id_metadata_document_supported").isBoolean()).isTrue();
        assertThat(metadata.path("client_id_metadata_document_supported").asBoolean()).isTrue();
        assertThat(metadata.path("registration_endpoint").asText()).isEqualTo(dev.issuer() + "/register");

        DevLoginClient registered = new DevLoginClient(dev.issuer());
        DevLoginClient.Tokens tokens = registered.login("bob", dev.issuer() + "/everything/mcp", null);
        assertThat(tokens.accessToken()).isNotBlank();
        assertThat(tokens.clientId()).startsWith("mcp_");
    }

    @Test
    void aDocumentWithoutCacheControlIsKeptForTheDefaultAndNoStoreForTheMinimum() {
        String plain = "/clients/plain.json";
        String noStore = "/clients/no-store.json";
        site.serve(plain, DocumentSite.Answer.json(document(plain, "Plain"), null));
        site.serve(noStore, DocumentSite.Answer.json(document(noStore, "No store"), "no-store"));
        StateStore store = dev.bean(BeanNames.STATE_STORE, StateStore.class);
        for (String path : List.of(plain, noStore)) {
            assertThat(authorize(dev, new BrowserSession(), site.url(path), Pkce.create()).statusCode()).isEqualTo(200);
        }
        assertThat(store.ttl(MetadataDocumentClients.PREFIX + Secrets.hash(site.url(plain))).orElseThrow())
                .isBetween(CacheLifetime.DEFAULT.minusSeconds(60), CacheLifetime.DEFAULT);
        assertThat(store.ttl(MetadataDocumentClients.PREFIX + Secrets.hash(site.url(noStore))).orElseThrow())
                .isBetween(Duration.ofSeconds(1), CacheLifetime.MIN);
    }

    @Test
    void concurrentFirstRequestsForOneDocumentFetchItOnce() throws Exception {
        String path = "/clients/slow.json";
        site.serve(path, new DocumentSite.Answer(200, Map.of("Content-Type", "application/json"),
                document(path, "Slow").getBytes(StandardCharsets.UTF_8), 500));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> authorize(dev, new BrowserSession(), site.url(path), Pkce.create()).statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(site.hits(path)).isEqualTo(1);
    }

    /** The refusal at /authorize: a 400 page (no redirect) naming invalid_client and the reason. */
    static void refusedAtAuthorize(InProcessGateway gw, String clientId, String reason) {
        HttpResponse<String> page = authorize(gw, new BrowserSession(), clientId, Pkce.create());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("invalid_client").contains(reason.replace("/", "&#47;"))
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** The refusal at /token: 401 invalid_client as RFC 6749 §5.2 JSON. */
    static void refusedAtToken(InProcessGateway gw, String clientId, String reason) throws Exception {
        HttpResponse<String> r = post(gw, "/token", "grant_type=refresh_token&refresh_token=rt-unknown&client_id="
                + enc(clientId));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("invalid_client");
        assertThat(body.path("error_description").asText()).contains(reason);
    }

    @Test
    void anHttpClientIdIsRefusedWithoutAnyFetch() throws Exception {
        String path = "/clients/http.json";
        site.serve(path, DocumentSite.Answer.json(document(path, "Http"), null));
        String http = site.url(path).replace("https://", "http://");
        refusedAtAuthorize(dev, http, "must use https");
        refusedAtToken(dev, http, "must use https");
        assertThat(site.hits(path)).isZero();
    }

    @Test
    void aDocumentNamingAnotherClientIdIsRefused() throws Exception {
        String path = "/clients/mismatch.json";
        site.serve(path, DocumentSite.Answer.json(document("/clients/someone-else.json", "Impostor"), null));
        refusedAtAuthorize(dev, site.url(path), "is not the URL it was fetched from");
        refusedAtToken(dev, site.url(path), "is not the URL it was fetched from");
    }

    @Test
    void aDocumentOnALoopbackAddressIsRefusedByDefault() throws Exception {
        String path = "/clients/private.json";
        site.serve(path, DocumentSite.Answer.json(document(path, "Private"), null));
        refusedAtAuthorize(strict, site.url(path), "loopback address");
        refusedAtToken(strict, site.url(path), "loopback address");
        assertThat(site.hits(path)).as("no connection is made").isZero();
    }

    @Test
    void aDocumentLargerThanFiveKibibytesIsRefused() throws Exception {
        String path = "/clients/large.json";
        String big = document(path, "Large").replace("\"client_name\"", "\"padding\":\"" + "x".repeat(6000)
                + "\",\"client_name\"");
        site.serve(path, DocumentSite.Answer.json(big, null));
        refusedAtAuthorize(dev, site.url(path), "larger than 5120 bytes");
        refusedAtToken(dev, site.url(path), "larger than 5120 bytes");
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        String path = "/clients/moved.json";
        String target = "/clients/moved-target.json";
        site.serve(target, DocumentSite.Answer.json(document(path, "Moved"), null));
        site.serve(path, new DocumentSite.Answer(302, Map.of("Location", site.url(target)), new byte[0], 0));
        refusedAtAuthorize(dev, site.url(path), "redirects are not followed");
        refusedAtToken(dev, site.url(path), "redirects are not followed");
        assertThat(site.hits(target)).as("the redirect target is never requested").isZero();
    }

    @Test
    void otherUntrustworthyDocumentsAreRefusedWithTheirReason() throws Exception {
        Map<String, String[]> cases = Map.of(
                "/clients/secret.json", new String[]{
                        document("/clients/secret.json", "S").replace("{", "{\"client_secret\":\"s3cret\","),
                        "must not contain a client_secret"},
                "/clients/basic.json", new String[]{
                        document("/clients/basic.json", "B").replace("\"none\"", "\"client_secret_basic\""),
                        "must be none"},
                "/clients/js-redirect.json", new String[]{
                        document("/clients/js-redirect.json", "J").replace(REDIRECT, "javascript:alert(1)"),
                        "is not allowed"},
                "/clients/array.json", new String[]{"[1,2]", "must be a JSON object"},
                "/clients/broken.json", new String[]{"{\"client_id\":", "not valid JSON"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            site.serve(c.getKey(), DocumentSite.Answer.json(c.getValue()[0], null));
            refusedAtAuthorize(dev, site.url(c.getKey()), c.getValue()[1]);
        }
        site.serve("/clients/html.json", new DocumentSite.Answer(200, Map.of("Content-Type", "text/html"),
                document("/clients/html.json", "H").getBytes(StandardCharsets.UTF_8), 0));
        refusedAtAuthorize(dev, site.url("/clients/html.json"), "must be served as application/json");
        refusedAtAuthorize(dev, site.url("/clients/missing.json"), "answered HTTP 404");
        refusedAtAuthorize(dev, site.url("/clients/a/../happy.json"), ". or .. path segments");
        refusedAtAuthorize(dev, site.url("/clients/happy.json#x"), "must not contain a fragment");
        refusedAtAuthorize(dev, "https://user:pw@localhost/clients/x.json", "must not contain a user name");
        refusedAtAuthorize(dev, "https://localhost", "must have a path");
    }

    @Test
    void aRefusedDocumentIsNotCachedAndAFixedOneIsAccepted() {
        String path = "/clients/fixed.json";
        site.serve(path, DocumentSite.Answer.json(document("/clients/wrong.json", "Fixed"), null));
        refusedAtAuthorize(dev, site.url(path), "is not the URL it was fetched from");
        site.serve(path, DocumentSite.Answer.json(document(path, "Fixed"), null));
        assertThat(authorize(dev, new BrowserSession(), site.url(path), Pkce.create()).statusCode()).isEqualTo(200);
        assertThat(site.hits(path)).isEqualTo(2);
    }

    @Test
    void withCimdDisabledTheMetadataSaysSoAndAUrlIsAnUnknownClient() throws Exception {
        String path = "/clients/disabled.json";
        site.serve(path, DocumentSite.Answer.json(document(path, "Disabled"), null));
        try (InProcessGateway off = InProcessGateway.start(Map.of("CIMD_ENABLED", "false", "CIMD_ALLOW_PRIVATE",
                "true", "CIMD_CA_FILE", site.certificatePem().toAbsolutePath().toString()))) {
            off.bean("resourceCatalog", ResourceCatalog.class).register("everything");
            JsonNode metadata = JSON.readTree(HTTP.send(HttpRequest.newBuilder(off.uri(
                    "/.well-known/oauth-authorization-server")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(metadata.path("client_id_metadata_document_supported").asBoolean(true)).isFalse();
            refusedAtAuthorize(off, site.url(path), "is not registered with this gateway");
            assertThat(post(off, "/token", "grant_type=refresh_token&refresh_token=x&client_id="
                    + enc(site.url(path))).statusCode()).isEqualTo(401);
        }
        assertThat(site.hits(path)).isZero();
    }

    @Test
    void aClientIdUrlIsNotADynamicRegistrationToManage() throws Exception {
        String path = "/clients/managed.json";
        site.serve(path, DocumentSite.Answer.json(document(path, "Managed"), null));
        assertThat(authorize(dev, new BrowserSession(), site.url(path), Pkce.create()).statusCode()).isEqualTo(200);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(dev.uri("/register/" + enc(site.url(path))))
                .header("Authorization", "Bearer anything").DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isIn(400, 404);
    }
}
