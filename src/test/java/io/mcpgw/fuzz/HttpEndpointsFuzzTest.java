package io.mcpgw.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.testsupport.DevLoginClient;
import io.mcpgw.testsupport.InProcessGateway;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based fuzzing of every HTTP endpoint of one real in-process gateway (development login, memory store, the
 * bundled {@code everything} service), over raw loopback sockets so that headers the JDK client refuses are sent too.
 * Every try: a reply within 10 s (no hang), never a 5xx, no stack trace, and a JSON error body in RFC shape.
 * Inputs tried, per endpoint:
 * <ul>
 *   <li>{@code POST /token}: random forms (broken percent-encoding, repeated and junk parameters, every grant type
 *       spelled wrong), six content types, junk {@code Authorization: Basic} values;</li>
 *   <li>{@code POST /register}: the valid metadata with fields dropped or replaced by JSON of any type, random JSON,
 *       non-JSON text, wrong content types;</li>
 *   <li>{@code GET /authorize}: random query strings mixing the registered client, redirect URIs and junk; a 302 must
 *       go to the registered redirect URI only;</li>
 *   <li>{@code GET /verify}: {@code X-Forwarded-Uri} spellings with dot segments, {@code %2e}, {@code %2f}, {@code %5c},
 *       double slashes, double encoding, queries and fragments, junk proto/host/method; an ambiguous
 *       path is a 400 and a token for {@code everything} passes only for exactly {@code /everything/mcp};</li>
 *   <li>{@code POST /everything/mcp}: JSON-RPC messages and batches with junk ids, methods, params, random JSON and
 *       text bodies, with random {@code Accept}, {@code Content-Type}, {@code MCP-Protocol-Version} and session ids.</li>
 * </ul>
 */
class HttpEndpointsFuzzTest {
    static final int TIMEOUT_MS = 10_000;
    static InProcessGateway gw;
    static String token;
    static String clientId;
    static String session;

    @BeforeContainer
    static void start() throws Exception {
        gw = InProcessGateway.start(Map.of("REGISTER_RATE_LIMIT", "0"), Map.of(),
                Map.of("gateway.mcp.request-timeout", "PT5S"));
        String base = "http://127.0.0.1:" + gw.port();
        DevLoginClient login = new DevLoginClient(base);
        token = login.login("fuzz", gw.issuer() + "/everything/mcp", null).accessToken();
        clientId = login.clientId();
        RawHttp.Reply init = mcp(Map.of("Accept", "application/json, text/event-stream"),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}");
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        session = init.header("Mcp-Session-Id");
        RawHttp.Reply initialized = mcp(Map.of("Accept", "application/json, text/event-stream", "Mcp-Session-Id", session,
                "MCP-Protocol-Version", "2025-06-18"), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(initialized.status()).isEqualTo(202);
    }

    @AfterContainer
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    static RawHttp.Reply mcp(Map<String, String> headers, String body) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Authorization", "Bearer " + token);
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        return RawHttp.exchange(gw.port(), "POST", "/everything/mcp", all, body.getBytes(StandardCharsets.UTF_8),
                TIMEOUT_MS);
    }

    // ---- /token ----

    @Property(tries = 800)
    void theTokenEndpointAnswersEveryFormWithAnOAuthError(@ForAll("tokenForms") String form,
                                                         @ForAll("formTypes") String contentType,
                                                         @ForAll("basicAuth") String authorization) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        if (!authorization.isEmpty()) {
            h.put("Authorization", authorization);
        }
        RawHttp.Reply r = RawHttp.exchange(gw.port(), "POST", "/token", h, form.getBytes(StandardCharsets.UTF_8),
                TIMEOUT_MS);
        RawHttp.assertShaped(r, "POST /token " + form);
        assertThat(r.status()).as(form).isBetween(400, 499);
    }

    @Provide
    Arbitrary<String> tokenForms() {
        Arbitrary<String> junk = Malformed.formText("grant_type", "code", "refresh_token", "client_id", "client_secret",
                "code_verifier", "redirect_uri", "resource", "scope");
        Arbitrary<String> grants = Combinators.combine(
                        Malformed.textOr("authorization_code", "refresh_token", "client_credentials", "password",
                                "AUTHORIZATION_CODE"), Malformed.formText("code", "refresh_token", "client_id"))
                .as((g, rest) -> "grant_type=" + g + "&client_id=" + clientId + "&" + rest);
        return Arbitraries.oneOf(junk, grants);
    }

    @Provide
    Arbitrary<String> formTypes() {
        return Arbitraries.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
                "application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded;;");
    }

    @Provide
    Arbitrary<String> basicAuth() {
        return Arbitraries.oneOf(Arbitraries.just(""),
                Malformed.textOr("Basic", "Basic ", "Basic !!!", "Basic Og==", "Basic " + "QQ".repeat(3000), "Bearer x")
                        .filter(v -> v.chars().noneMatch(c -> c == '\r' || c == '\n')));
    }

    // ---- /register ----

    @Property(tries = 800)
    void registrationAnswersEveryBodyWithCreatedOrAnRfc7591Error(@ForAll("registrationBodies") String body,
                                                                 @ForAll("jsonTypes") String contentType) {
        RawHttp.Reply r = RawHttp.exchange(gw.port(), "POST", "/register", Map.of("Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8), TIMEOUT_MS);
        RawHttp.assertShaped(r, "POST /register " + body);
        if (r.status() >= 400) {
            assertThat(r.status()).isBetween(400, 499);
        } else {
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @Provide
    Arbitrary<String> registrationBodies() {
        ObjectNode valid = (ObjectNode) Json.read("{\"redirect_uris\":[\"http://127.0.0.1:9696/cb\"],"
                + "\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                + "\"response_types\":[\"code\"],\"client_name\":\"fuzz\",\"scope\":\"mcp:tools\"}", JsonNode.class);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Malformed.mutate(valid, List.of("redirect_uris", "token_endpoint_auth_method",
                        "grant_types", "response_types", "client_name", "scope", "logo_uri")).map(Json::write)),
                net.jqwik.api.Tuple.of(2, Malformed.json().map(Json::write)),
                net.jqwik.api.Tuple.of(1, Malformed.text()));
    }

    @Provide
    Arbitrary<String> jsonTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain",
                "application/x-www-form-urlencoded", "application/json;;");
    }

    // ---- /authorize ----

    @Property(tries = 500)
    void authorizeNeverRedirectsToAnUnregisteredUri(@ForAll("authorizeQueries") String query) {
        RawHttp.Reply r = RawHttp.exchange(gw.port(), "GET", "/authorize?" + query, Map.of(), null, TIMEOUT_MS);
        RawHttp.assertShaped(r, "GET /authorize?" + query);
        if (r.status() == 302 || r.status() == 303) {
            String location = r.header("Location");
            boolean toClient = location.startsWith(DevLoginClient.REDIRECT + "?") || location.startsWith("http://127.0.0.1:");
            boolean internal = location.startsWith("/") && !location.startsWith("//");
            assertThat(toClient || internal).as(location).isTrue();
        }
    }

    @Provide
    Arbitrary<String> authorizeQueries() {
        return Combinators.combine(Arbitraries.of("client_id=" + clientId + "&", "client_id=nope&", ""),
                Arbitraries.of("redirect_uri=" + DevLoginClient.REDIRECT + "&", "redirect_uri=https://evil.test/&", ""),
                Malformed.formText("response_type", "code_challenge", "code_challenge_method", "scope", "resource",
                        "state", "redirect_uri", "client_id"))
                .as((c, r, rest) -> c + r + rest.replace(" ", "%20").replace("#", "%23"))
                .filter(HttpEndpointsFuzzTest::sendableTarget);
    }

    /** A request target the HTTP/1.1 request line can carry (the raw socket sends what it is given). */
    static boolean sendableTarget(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    // ---- /verify ----

    @Property(tries = 1000)
    void verifyNeverLetsATokenPassForAnotherPath(@ForAll("forwardedUris") String uri, @ForAll("forwardedMethods") String method) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + token);
        h.put("X-Forwarded-Proto", "http");
        h.put("X-Forwarded-Host", "localhost:" + gw.port());
        h.put("X-Forwarded-Uri", uri);
        h.put("X-Forwarded-Method", method);
        RawHttp.Reply r = RawHttp.exchange(gw.port(), "GET", "/verify", h, null, TIMEOUT_MS);
        RawHttp.assertShaped(r, "/verify X-Forwarded-Uri " + uri);
        if ("OPTIONS".equals(method)) {
            return;
        }
        String path = uri.split("[?#]", 2)[0]; // the query string and fragment never take part
        boolean ambiguous = path.contains("%") || path.contains("\\") || path.contains("//") || path.endsWith("/.")
                || path.endsWith("/..") || path.contains("/./") || path.contains("/../");
        if (ambiguous && path.startsWith("/")) {
            assertThat(r.status()).as("ambiguous X-Forwarded-Uri " + uri + " must be refused").isEqualTo(400);
        }
        if (r.status() == 200) {
            assertThat(decodedPath(uri)).as("token for everything passed for " + uri).isEqualTo("/everything/mcp");
        }
    }

    /** The path a lenient server could see: percent-decoded until stable, backslashes as slashes, dot segments resolved. */
    static String decodedPath(String uri) {
        String s = uri;
        for (int i = 0; i < 4; i++) {
            try {
                s = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                break;
            }
        }
        s = s.replace('\\', '/');
        int cut = s.indexOf('?');
        s = cut >= 0 ? s.substring(0, cut) : s;
        cut = s.indexOf('#');
        s = cut >= 0 ? s.substring(0, cut) : s;
        s = s.replaceAll("/{2,}", "/");
        try {
            return URI.create("http://h" + (s.startsWith("/") ? "" : "/") + s).normalize().getPath();
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Provide
    Arbitrary<String> forwardedUris() {
        Arbitrary<String> segment = Arbitraries.of("everything", "memory", "mcp", "..", ".", "%2e%2e", "%2E", "%2f", "%5c",
                "%252e%252e", "", "everything%2fmcp", "..%2f", "%2e%2e%5c", ";x", "mcp?x=/memory/mcp", "mcp#/memory",
                "\\", "%00", "EVERYTHING", "everything.", "verify");
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(6).map(list -> "/" + String.join("/", list));
        return Arbitraries.oneOf(path, path.map(p -> "/" + p), Malformed.text())
                .filter(v -> v.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0));
    }

    @Provide
    Arbitrary<String> forwardedMethods() {
        return Arbitraries.of("POST", "GET", "DELETE", "OPTIONS", "post", "PATCH", "");
    }

    // ---- MCP POST ----

    @Property(tries = 1000)
    void theMcpEndpointAnswersEveryMessageWithoutA5xx(@ForAll("mcpBodies") String body, @ForAll("accepts") String accept,
                                                     @ForAll("mcpTypes") String contentType,
                                                     @ForAll("protocolVersions") String version,
                                                     @ForAll("sessionChoice") int sessionChoice) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", accept);
        h.put("Content-Type", contentType);
        if (!version.isEmpty()) {
            h.put("MCP-Protocol-Version", version);
        }
        if (sessionChoice == 0) {
            h.put("Mcp-Session-Id", session);
        } else if (sessionChoice == 1) {
            h.put("Mcp-Session-Id", "not-a-session-" + body.length());
        } else if (body.contains("initialize")) {
            h.put("Mcp-Session-Id", session); // never spawn a child per try
        }
        RawHttp.Reply r = mcp(h, body);
        RawHttp.assertShaped(r, "POST /everything/mcp " + h + " " + body);
    }

    @Provide
    Arbitrary<String> mcpBodies() {
        ObjectNode call = (ObjectNode) Json.read("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"hi\"}}}", JsonNode.class);
        Arbitrary<ObjectNode> message = Malformed.mutate(call, List.of("jsonrpc", "id", "method", "params"))
                .flatMap(m -> Arbitraries.of("tools/call", "tools/list", "ping", "resources/list", "prompts/list",
                                "notifications/cancelled", "notifications/initialized", "initialize", "junk/method", "")
                        .map(method -> {
                            if (m.path("method").isTextual()) {
                                m.put("method", method);
                            }
                            return m;
                        }));
        Arbitrary<String> batch = message.list().ofMinSize(0).ofMaxSize(6).map(list -> {
            var a = Malformed.NODES.arrayNode();
            list.forEach(a::add);
            return Json.write(a);
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, message.map(Json::write)),
                net.jqwik.api.Tuple.of(2, batch),
                net.jqwik.api.Tuple.of(2, Malformed.json().map(Json::write)),
                net.jqwik.api.Tuple.of(1, Malformed.text()));
    }

    @Provide
    Arbitrary<String> accepts() {
        return Arbitraries.oneOf(Arbitraries.of("application/json, text/event-stream", "application/json",
                        "text/event-stream", "*/*", "", ";", ",;,", "application/json;q=0, text/event-stream;q=0",
                        "TEXT/EVENT-STREAM, APPLICATION/JSON", "application/json;q=abc"),
                Malformed.text().filter(v -> v.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0)));
    }

    @Provide
    Arbitrary<String> mcpTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain", "", "application/jsonx");
    }

    @Provide
    Arbitrary<String> protocolVersions() {
        return Arbitraries.oneOf(Arbitraries.of("", "2025-06-18", "2025-03-26", "2024-11-05", "2025-11-25", "2099-01-01",
                "2025-06-18 ", "2025-6-18"), Malformed.text().filter(v -> v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)));
    }

    @Provide
    Arbitrary<Integer> sessionChoice() {
        return Arbitraries.integers().between(0, 2);
    }
}
