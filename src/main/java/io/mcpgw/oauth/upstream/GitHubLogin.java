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
import java.util.Map;

/**
 * GitHub (or GitHub Enterprise) OAuth App as the upstream login: authorization code flow with PKCE S256 towards
 * GitHub, then {@code GET /user} (and {@code /user/emails} when the profile email is private). The GitHub access
 * token is used for those two calls only and then dropped; it is never stored or passed on.
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
        p.put("scope", "read:user user:email");
        p.put("state", state);
        p.put("code_challenge", s256(codeVerifier));
        p.put("code_challenge_method", "S256");
        p.put("allow_signup", "false");
        return RedirectUris.withParameters(github.oauthUrl() + "/login/oauth/authorize", p);
    }

    @Override
    public UserIdentity complete(Parameters callback, String codeVerifier) {
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
        return new UserIdentity(Long.toString(user.path("id").asLong()), user.path("login").asText(), email, name);
    }

    @Override
    public boolean allows(UserIdentity user) {
        return github.allows(user.subject(), user.username());
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
