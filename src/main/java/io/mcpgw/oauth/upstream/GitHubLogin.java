package io.mcpgw.oauth.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.authorize.RedirectUris;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub (or GitHub Enterprise) OAuth App as the upstream login: authorization code flow with PKCE S256 towards
 * GitHub, then {@code GET /user} (and {@code /user/emails} when the profile email is private).
 *
 * <p>Access rule: the user is listed in {@code ALLOWED_GITHUB_USERS} (by id or login), or is an active member of an
 * organization of {@code ALLOWED_GITHUB_ORGS} ({@code GET /user/memberships/orgs/{org}}) or of a team of
 * {@code ALLOWED_GITHUB_TEAMS} ({@code GET /orgs/{org}/teams/{team}/memberships/{login}}); organization and team
 * rules need the {@code read:org} scope, which is then requested. The GitHub access token is handed back as the
 * credential the gateway keeps (encrypted) to re-check the rule ({@link #recheck}); it is never passed on or logged.
 *
 * @see <a href="https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps">GitHub OAuth</a>
 */
public final class GitHubLogin implements UpstreamLogin {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final GatewaySettings.GitHub github;
    private final String callbackUrl;
    private final HttpClient http;

    public GitHubLogin(GatewaySettings.GitHub github, String issuer) {
        this.github = github;
        this.callbackUrl = issuer + "/callback";
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String displayName() {
        return "GitHub";
    }

    @Override
    public String loginUrl(String state, String codeVerifier) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", github.clientId());
        p.put("redirect_uri", callbackUrl);
        p.put("scope", github.hasMembershipRules() ? "read:user user:email read:org" : "read:user user:email");
        p.put("state", state);
        p.put("code_challenge", s256(codeVerifier));
        p.put("code_challenge_method", "S256");
        p.put("allow_signup", "false");
        return RedirectUris.withParameters(github.oauthUrl() + "/login/oauth/authorize", p);
    }

    @Override
    public UserIdentity complete(Parameters callback, String codeVerifier) {
        return signIn(callback, codeVerifier).user();
    }

    @Override
    public UpstreamSignIn signIn(Parameters callback, String codeVerifier) {
        if (callback.optional("error").isPresent()) {
            String error = callback.optional("error").get();
            throw new UpstreamLoginException("access_denied".equals(error) ? "access_denied" : "server_error",
                    "GitHub answered " + error);
        }
        String code = callback.optional("code").orElseThrow(
                () -> new UpstreamLoginException("server_error", "GitHub returned neither code nor error"));
        String token = exchangeCode(code, codeVerifier);
        JsonNode user = getJson("/user", token);
        if (!user.path("id").canConvertToLong() || !user.path("login").isTextual()) {
            throw new UpstreamLoginException("server_error", "GitHub /user lacks id or login");
        }
        String email = user.path("email").isTextual() ? user.path("email").asText() : primaryEmail(token);
        String name = user.path("name").isTextual() ? user.path("name").asText() : null;
        UserIdentity identity = new UserIdentity(Long.toString(user.path("id").asLong()), user.path("login").asText(),
                email, name, List.of(), "github");
        return new UpstreamSignIn(identity, Optional.of(token));
    }

    /** The user rule only (membership needs the token: {@link #allows(UpstreamSignIn)}). */
    @Override
    public boolean allows(UserIdentity user) {
        return github.allows(user.subject(), user.username());
    }

    /** The user rule, else an active membership of an allowed organization or team, asked with the fresh token. */
    @Override
    public boolean allows(UpstreamSignIn signIn) {
        if (allows(signIn.user())) {
            return true;
        }
        return github.hasMembershipRules() && signIn.credential().isPresent()
                && membership(signIn.user().username(), signIn.credential().get()).status() == Entitlement.Status.ALLOWED;
    }

    /**
     * {@code GET /user} with the kept token (refused: the user revoked the app or the token, {@link
     * Entitlement.Status#DENIED}), then the user and membership rules as at login.
     */
    @Override
    public Entitlement recheck(UserIdentity user, Optional<String> credential) {
        if (credential.isEmpty()) {
            return allows(user) ? Entitlement.allowed(Optional.empty())
                    : Entitlement.denied("no GitHub token kept to check the membership rules");
        }
        Answer me = call("/user", credential.get());
        if (me.status() == 401) {
            return Entitlement.denied("GitHub refused the kept token (the app or the token was revoked)");
        }
        if (me.status() != 200) {
            return Entitlement.unknown("GitHub answered " + me.status() + " to GET /user");
        }
        JsonNode body = parse(me.body(), "GET /user");
        String login = body.path("login").asText(user.username());
        if (github.allows(Long.toString(body.path("id").asLong()), login)) {
            return Entitlement.allowed(Optional.empty());
        }
        if (!github.hasMembershipRules()) {
            return Entitlement.denied("no longer in ALLOWED_GITHUB_USERS");
        }
        return membership(login, credential.get());
    }

    /** ALLOWED on the first active membership; UNKNOWN when GitHub failed for a rule and none matched. */
    private Entitlement membership(String login, String token) {
        boolean unknown = false;
        for (String org : github.allowedOrgs()) {
            Answer a = call("/user/memberships/orgs/" + enc(org), token);
            if (active(a)) {
                return Entitlement.allowed(Optional.empty());
            }
            unknown |= a.status() >= 500 || a.status() == 429 || a.status() < 0;
        }
        for (String team : github.allowedTeams()) {
            int slash = team.indexOf('/');
            Answer a = call("/orgs/" + enc(team.substring(0, slash)) + "/teams/" + enc(team.substring(slash + 1))
                    + "/memberships/" + enc(login), token);
            if (active(a)) {
                return Entitlement.allowed(Optional.empty());
            }
            unknown |= a.status() >= 500 || a.status() == 429 || a.status() < 0;
        }
        return unknown ? Entitlement.unknown("GitHub could not answer every membership question")
                : Entitlement.denied("not an active member of an allowed GitHub organization or team");
    }

    private boolean active(Answer a) {
        if (a.status() != 200) {
            return false;
        }
        try {
            return "active".equals(Json.parseUntrusted(a.body()).path("state").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** A GitHub API answer; status -1 when GitHub could not be reached. */
    private record Answer(int status, String body) {
    }

    private Answer call(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(github.apiUrl() + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Bearer " + token)
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "mcp-oauth-gateway")
                .GET()
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "");
        }
    }

    private static JsonNode parse(String body, String what) {
        try {
            return Json.parseUntrusted(body);
        } catch (IOException e) {
            throw new UpstreamLoginException("server_error", "GitHub sent no JSON to " + what);
        }
    }

    private String exchangeCode(String code, String codeVerifier) {
        String form = "client_id=" + enc(github.clientId()) + "&client_secret=" + enc(github.clientSecret())
                + "&code=" + enc(code) + "&redirect_uri=" + enc(callbackUrl) + "&code_verifier=" + enc(codeVerifier);
        HttpRequest request = HttpRequest.newBuilder(URI.create(github.oauthUrl() + "/login/oauth/access_token"))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "mcp-oauth-gateway")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        JsonNode body = send(request, "token exchange");
        if (!body.path("access_token").isTextual()) {
            throw new UpstreamLoginException("server_error",
                    "GitHub refused the code: " + body.path("error").asText("no access_token"));
        }
        return body.path("access_token").asText();
    }

    private String primaryEmail(String token) {
        try {
            JsonNode emails = getJson("/user/emails", token);
            for (JsonNode e : emails) {
                if (e.path("primary").asBoolean() && e.path("verified").asBoolean() && e.path("email").isTextual()) {
                    return e.path("email").asText();
                }
            }
        } catch (UpstreamLoginException e) {
            // The email is optional: a token without user:email still logs the user in.
        }
        return null;
    }

    private JsonNode getJson(String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(github.apiUrl() + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("Authorization", "Bearer " + token)
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "mcp-oauth-gateway")
                .GET()
                .build();
        return send(request, "GET " + path);
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UpstreamLoginException("temporarily_unavailable", "GitHub unreachable during " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamLoginException("temporarily_unavailable", "interrupted during " + what);
        }
        if (response.statusCode() >= 500) {
            throw new UpstreamLoginException("temporarily_unavailable",
                    "GitHub answered " + response.statusCode() + " to " + what);
        }
        if (response.statusCode() != 200) {
            throw new UpstreamLoginException("server_error", "GitHub answered " + response.statusCode() + " to " + what);
        }
        try {
            return Json.parseUntrusted(response.body());
        } catch (IOException e) {
            throw new UpstreamLoginException("server_error", "GitHub sent no JSON to " + what);
        }
    }

    static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
