package io.mcpgw.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for github.com and api.github.com speaking the parts of GitHub's HTTP contract the gateway
 * uses: {@code /login/oauth/authorize} (answers as if the signed-in user approved, or cancelled), {@code
 * /login/oauth/access_token} (checks client credentials, single-use code, redirect URI and the PKCE S256 verifier;
 * errors as 200 + {@code error} like GitHub), {@code /user} and {@code /user/emails}, and the membership questions
 * of organization and team access rules: {@code /user/memberships/orgs/{org}} and
 * {@code /orgs/{org}/teams/{team}/memberships/{login}} (200 {@code state: active} for a member, 404 otherwise, 403
 * for a token granted without {@code read:org}, as GitHub answers). Memberships and issued tokens can be changed
 * while a test runs ({@link #member}, {@link #removeMember}, {@link #revokeTokensOf}).
 */
public final class GitHubStandIn implements AutoCloseable {
    public enum Mode { APPROVE, USER_CANCELS, TOKEN_ENDPOINT_DOWN }

    public record User(long id, String login, String name, String publicEmail, String primaryEmail) {
    }

    private record Grant(String redirectUri, String challenge, String scope) {
    }

    private record Issued(User user, String scope) {
    }

    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    /** {@code org} or {@code org/team} → logins that are active members. */
    private final Map<String, java.util.Set<String>> members = new ConcurrentHashMap<>();
    public final AtomicInteger membershipQuestions = new AtomicInteger();
    private volatile User user = new User(4242, "octocat", "The Octocat", null, "octo@example.com");
    private volatile Mode mode = Mode.APPROVE;
    public final AtomicInteger pkceChecks = new AtomicInteger();
    private volatile String registeredCallback;
    public final AtomicInteger tokenRequests = new AtomicInteger();

    public GitHubStandIn(String clientId, String clientSecret) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/login/oauth/authorize", this::authorize);
        server.createContext("/login/oauth/access_token", this::accessToken);
        server.createContext("/user/emails", this::emails);
        server.createContext("/user/memberships/orgs/", this::orgMembership);
        server.createContext("/orgs/", this::teamMembership);
        server.createContext("/user", this::user);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void signedInAs(User u) {
        this.user = u;
    }

    /**
     * The OAuth App's "Authorization callback URL": like GitHub, the token endpoint then answers
     * {@code redirect_uri_mismatch} to a {@code redirect_uri} outside it. Null (the default) accepts any.
     */
    public void registeredCallback(String url) {
        this.registeredCallback = url;
    }

    public void mode(Mode m) {
        this.mode = m;
    }

    /** Makes {@code login} an active member of {@code orgOrTeam} ({@code org} or {@code org/team-slug}). */
    public void member(String orgOrTeam, String login) {
        members.computeIfAbsent(orgOrTeam, k -> ConcurrentHashMap.newKeySet()).add(login);
    }

    public void removeMember(String orgOrTeam, String login) {
        members.getOrDefault(orgOrTeam, java.util.Set.of()).remove(login);
    }

    /** Every token issued to {@code login} stops working (the user revoked the OAuth App). */
    public void revokeTokensOf(String login) {
        tokens.values().removeIf(i -> i.user().login().equals(login));
    }

    private void orgMembership(HttpExchange ex) throws IOException {
        String org = ex.getRequestURI().getPath().substring("/user/memberships/orgs/".length());
        membershipAnswer(ex, org, null);
    }

    private void teamMembership(HttpExchange ex) throws IOException {
        String[] p = ex.getRequestURI().getPath().split("/");
        // /orgs/{org}/teams/{team}/memberships/{login}
        if (p.length != 7 || !p[3].equals("teams") || !p[5].equals("memberships")) {
            send(ex, 404, "application/json", "{\"message\":\"Not Found\"}");
            return;
        }
        membershipAnswer(ex, p[2] + "/" + p[4], p[6]);
    }

    private void membershipAnswer(HttpExchange ex, String orgOrTeam, String login) throws IOException {
        membershipQuestions.incrementAndGet();
        Issued issued = issued(ex);
        if (issued == null) {
            send(ex, 401, "application/json", "{\"message\":\"Bad credentials\"}");
            return;
        }
        if (!issued.scope().contains("read:org")) {
            send(ex, 403, "application/json", "{\"message\":\"Resource not accessible by integration\"}");
            return;
        }
        String who = login == null ? issued.user().login() : login;
        if (members.getOrDefault(orgOrTeam, java.util.Set.of()).contains(who)) {
            send(ex, 200, "application/json", "{\"state\":\"active\",\"role\":\"member\"}");
        } else {
            send(ex, 404, "application/json", "{\"message\":\"Not Found\"}");
        }
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = parse(ex.getRequestURI().getRawQuery());
        if (!clientId.equals(q.get("client_id"))) {
            send(ex, 404, "text/plain", "unknown OAuth app");
            return;
        }
        String redirect = q.get("redirect_uri");
        String state = q.get("state");
        if (mode == Mode.USER_CANCELS) {
            redirect(ex, redirect + "?error=access_denied&error_description=" + enc("The user has denied your application access.")
                    + "&state=" + enc(state));
            return;
        }
        String code = UUID.randomUUID().toString().replace("-", "");
        codes.put(code, new Grant(redirect, q.get("code_challenge"), q.getOrDefault("scope", "")));
        redirect(ex, redirect + "?code=" + code + "&state=" + enc(state));
    }

    private void accessToken(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        if (mode == Mode.TOKEN_ENDPOINT_DOWN) {
            send(ex, 502, "text/html", "<h1>Bad gateway</h1>");
            return;
        }
        Map<String, String> f = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!clientId.equals(f.get("client_id")) || !clientSecret.equals(f.get("client_secret"))) {
            send(ex, 200, "application/json", "{\"error\":\"incorrect_client_credentials\"}");
            return;
        }
        String callback = registeredCallback;
        if (callback != null && !f.getOrDefault("redirect_uri", "").startsWith(callback)) {
            send(ex, 200, "application/json", "{\"error\":\"redirect_uri_mismatch\"}");
            return;
        }
        Grant g = codes.remove(f.getOrDefault("code", ""));
        if (g == null || !g.redirectUri().equals(f.get("redirect_uri"))) {
            send(ex, 200, "application/json", "{\"error\":\"bad_verification_code\"}");
            return;
        }
        if (g.challenge() != null) {
            pkceChecks.incrementAndGet();
            if (!g.challenge().equals(s256(f.getOrDefault("code_verifier", "")))) {
                send(ex, 200, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE\"}");
                return;
            }
        }
        String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, new Issued(user, g.scope()));
        send(ex, 200, "application/json",
                "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"read:user,user:email\"}");
    }

    private void user(HttpExchange ex) throws IOException {
        User u = bearer(ex);
        if (u == null) {
            send(ex, 401, "application/json", "{\"message\":\"Bad credentials\"}");
            return;
        }
        String email = u.publicEmail() == null ? "null" : "\"" + u.publicEmail() + "\"";
        send(ex, 200, "application/json", "{\"id\":" + u.id() + ",\"login\":\"" + u.login() + "\",\"name\":\""
                + u.name() + "\",\"email\":" + email + "}");
    }

    private void emails(HttpExchange ex) throws IOException {
        User u = bearer(ex);
        if (u == null) {
            send(ex, 401, "application/json", "{\"message\":\"Bad credentials\"}");
            return;
        }
        send(ex, 200, "application/json", "[{\"email\":\"other@example.com\",\"primary\":false,\"verified\":true},"
                + "{\"email\":\"" + u.primaryEmail() + "\",\"primary\":true,\"verified\":true,\"visibility\":null}]");
    }

    private User bearer(HttpExchange ex) {
        Issued issued = issued(ex);
        return issued == null ? null : issued.user();
    }

    private Issued issued(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        return auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String s) {
        Map<String, String> out = new HashMap<>();
        if (s == null) {
            return out;
        }
        for (String p : s.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
