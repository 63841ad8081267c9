package io.mcpgw.oauth.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Any OpenID Connect provider (Google Workspace, Entra ID, Okta, Keycloak, …) as the upstream login: discovery,
 * authorization code flow with PKCE S256 and a nonce, the {@code id_token} verified by {@link IdTokenVerifier}
 * (signature from the provider's JWKS, issuer, audience, expiry, nonce), and the user mapped from its claims:
 * {@code sub} (stable subject), {@code preferred_username} (else email, else sub), {@code email} (unless
 * {@code email_verified} is false), {@code name}, and the groups claim ({@code OIDC_GROUPS_CLAIM}, from the id_token,
 * else from userinfo, whose {@code sub} must match).
 *
 * <p>Access rule: {@code ALLOWED_OIDC_USERS} (emails, {@code sub:<subject>}, or {@code *}) or a group of
 * {@code ALLOWED_OIDC_GROUPS}. The provider's refresh token (or, without one, its access token) is handed back as
 * the credential the gateway keeps, encrypted, to ask again: {@link #recheck} refreshes at the provider (a refused
 * refresh means the user was disabled or logged out there) and reads the groups anew.
 *
 * <p>The nonce is derived from the login's PKCE verifier, which only the gateway knows and which is single-use, so
 * no extra state is stored and an id_token replayed from another login never matches.
 */
public final class OidcLogin implements UpstreamLogin {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String REFRESH = "rt:";
    private static final String ACCESS = "at:";

    private final GatewaySettings.Oidc oidc;
    private final String callbackUrl;
    private final HttpClient http;
    private final OidcDiscovery discovery;
    private volatile IdTokenVerifier verifier;

    public OidcLogin(GatewaySettings.Oidc oidc, String issuer) {
        this.oidc = oidc;
        this.callbackUrl = issuer + "/callback";
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        this.discovery = new OidcDiscovery(oidc.issuer(), http, TIMEOUT);
    }

    /** {@code oidc:<issuer>}: the upstream recorded with each user and named in audit lines. */
    public String upstreamName() {
        return "oidc:" + oidc.issuer();
    }

    /** The issuer's host ("login.example.com"): the consent page says "you will sign in with login.example.com". */
    @Override
    public String displayName() {
        return URI.create(oidc.issuer()).getHost();
    }

    @Override
    public String loginUrl(String state, String codeVerifier) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", oidc.clientId());
        p.put("redirect_uri", callbackUrl);
        p.put("scope", String.join(" ", oidc.scopes()));
        p.put("state", state);
        p.put("nonce", nonceOf(codeVerifier));
        p.put("code_challenge", GitHubLogin.s256(codeVerifier));
        p.put("code_challenge_method", "S256");
        if (oidc.scopes().contains("offline_access")) {
            p.put("prompt", "consent"); // OpenID Connect Core §11: offline_access needs prompt=consent
        }
        oidc.authParams().forEach(p::put);
        return RedirectUris.withParameters(discovery.endpoints().authorization().toString(), p);
    }

    @Override
    public UserIdentity complete(Parameters callback, String codeVerifier) {
        return signIn(callback, codeVerifier).user();
    }

    @Override
    public UpstreamSignIn signIn(Parameters callback, String codeVerifier) {
        Optional<String> error = callback.optional("error");
        if (error.isPresent()) {
            throw new UpstreamLoginException("access_denied".equals(error.get()) ? "access_denied" : "server_error",
                    "the OpenID provider answered " + printable(error.get()));
        }
        String code = callback.optional("code").orElseThrow(
                () -> new UpstreamLoginException("server_error", "the OpenID provider returned neither code nor error"));
        Answer answer = tokenRequest(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", callbackUrl, "code_verifier", codeVerifier));
        if (answer.status() != 200) {
            throw new UpstreamLoginException(answer.status() >= 500 || answer.status() < 0 ? "temporarily_unavailable"
                    : "server_error", "the OpenID provider refused the code (" + answer.status() + ")");
        }
        JsonNode tokens = answer.json();
        if (!tokens.path("id_token").isTextual()) {
            throw new UpstreamLoginException(IdTokenVerifier.UNTRUSTED, "the OpenID provider sent no id_token");
        }
        JWTClaimsSet claims = verifier().verify(tokens.path("id_token").asText(), nonceOf(codeVerifier));
        Optional<String> accessToken = text(tokens, "access_token");
        UserIdentity user = identity(profile(claims, accessToken));
        Optional<String> credential = text(tokens, "refresh_token").map(t -> REFRESH + t)
                .or(() -> accessToken.map(t -> ACCESS + t));
        return new UpstreamSignIn(user, credential);
    }

    @Override
    public boolean allows(UserIdentity user) {
        return oidc.allows(user.subject(), user.email(), user.groups());
    }

    /**
     * With a refresh token: {@code grant_type=refresh_token} at the provider ({@code invalid_grant} and other 4xx:
     * DENIED), a new id_token verified (same {@code sub}), the groups read anew, the rule applied; a rotated refresh
     * token is returned to be kept. With only an access token: userinfo (401: DENIED).
     */
    @Override
    public Entitlement recheck(UserIdentity user, Optional<String> credential) {
        try {
            if (credential.isPresent() && credential.get().startsWith(REFRESH)) {
                return refresh(user, credential.get().substring(REFRESH.length()));
            }
            if (credential.isPresent() && credential.get().startsWith(ACCESS)) {
                return userinfoCheck(user, credential.get().substring(ACCESS.length()));
            }
            return Entitlement.denied("no provider token kept to re-check the user");
        } catch (UpstreamLoginException e) {
            return "temporarily_unavailable".equals(e.oauthError()) ? Entitlement.unknown(e.getMessage())
                    : Entitlement.denied(e.getMessage());
        }
    }

    private Entitlement refresh(UserIdentity user, String refreshToken) {
        Answer answer = tokenRequest(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        if (answer.status() < 0 || answer.status() >= 500 || answer.status() == 429) {
            return Entitlement.unknown("the OpenID provider answered " + answer.status() + " to a refresh");
        }
        if (answer.status() != 200) {
            return Entitlement.denied("the OpenID provider refused the refresh (" + answer.status() + ")");
        }
        JsonNode tokens = answer.json();
        Optional<String> accessToken = text(tokens, "access_token");
        List<String> groups;
        String email = user.email();
        if (tokens.path("id_token").isTextual()) {
            JWTClaimsSet claims = verifier().verify(tokens.path("id_token").asText(), null);
            if (!user.subject().equals(claims.getSubject())) {
                return Entitlement.denied("the refreshed id_token names another subject");
            }
            JsonNode profile = profile(claims, accessToken);
            groups = groupsOf(profile);
            email = email(profile).orElse(email);
        } else {
            groups = accessToken.map(t -> userinfo(t, user.subject()))
                    .map(this::groupsOf).orElse(user.groups());
        }
        Optional<String> rotated = text(tokens, "refresh_token").filter(t -> !t.equals(refreshToken))
                .map(t -> REFRESH + t);
        return oidc.allows(user.subject(), email, groups) ? Entitlement.allowed(rotated)
                : Entitlement.denied("no longer allowed by ALLOWED_OIDC_USERS / ALLOWED_OIDC_GROUPS");
    }

    private Entitlement userinfoCheck(UserIdentity user, String accessToken) {
        JsonNode info = userinfo(accessToken, user.subject());
        String email = info.path("email").asText(user.email());
        return oidc.allows(user.subject(), email, groupsOf(info)) ? Entitlement.allowed(Optional.empty())
                : Entitlement.denied("no longer allowed by ALLOWED_OIDC_USERS / ALLOWED_OIDC_GROUPS");
    }

    /**
     * The user's claims: the id_token's, completed from userinfo when the id_token lacks the groups claim, email or
     * name (providers put profile claims in userinfo only, OpenID Connect Core §5.4) and the provider has userinfo.
     * The id_token's claims win; userinfo's {@code sub} must match.
     */
    private JsonNode profile(JWTClaimsSet claims, Optional<String> accessToken) {
        com.fasterxml.jackson.databind.node.ObjectNode merged = Json.MAPPER.valueToTree(claims.toJSONObject());
        boolean incomplete = !merged.has(oidc.groupsClaim()) || !merged.has("email") || !merged.has("name");
        if (incomplete && accessToken.isPresent() && discovery.endpoints().userinfo().isPresent()) {
            JsonNode info = userinfo(accessToken.get(), claims.getSubject());
            info.fields().forEachRemaining(f -> {
                if (!merged.has(f.getKey())) {
                    merged.set(f.getKey(), f.getValue());
                }
            });
        }
        return merged;
    }

    private UserIdentity identity(JsonNode profile) {
        Optional<String> email = email(profile);
        String subject = profile.path("sub").asText();
        String username = text(profile, "preferred_username").or(() -> email).orElse(subject);
        return new UserIdentity(subject, username, email.orElse(null), text(profile, "name").orElse(null),
                groupsOf(profile), upstreamName());
    }

    private static Optional<String> email(JsonNode profile) {
        JsonNode verified = profile.path("email_verified");
        if ((verified.isBoolean() && !verified.asBoolean()) || "false".equals(verified.asText())) {
            return Optional.empty();
        }
        return text(profile, "email");
    }

    private List<String> groupsOf(JsonNode info) {
        return groupList(info.path(oidc.groupsClaim()));
    }

    private static List<String> groupList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(g -> {
                if (g.isTextual()) {
                    out.add(g.asText());
                }
            });
        }
        return List.copyOf(out);
    }

    /** userinfo with the provider's access token; its {@code sub} must be the user's (OpenID Connect Core §5.3.2). */
    private JsonNode userinfo(String accessToken, String subject) {
        URI endpoint = discovery.endpoints().userinfo().orElseThrow(
                () -> new UpstreamLoginException("server_error", "the OpenID provider has no userinfo endpoint"));
        Answer a = send(HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).header("Accept", "application/json")
                .header("Authorization", "Bearer " + accessToken).GET().build());
        if (a.status() < 0 || a.status() >= 500) {
            throw new UpstreamLoginException("temporarily_unavailable", "userinfo answered " + a.status());
        }
        if (a.status() != 200) {
            throw new UpstreamLoginException("server_error", "userinfo refused the access token (" + a.status() + ")");
        }
        JsonNode info = a.json();
        if (!subject.equals(info.path("sub").asText(null))) {
            throw new UpstreamLoginException(IdTokenVerifier.UNTRUSTED, "userinfo names another subject");
        }
        return info;
    }

    private IdTokenVerifier verifier() {
        IdTokenVerifier v = verifier;
        if (v == null) {
            synchronized (this) {
                if (verifier == null) {
                    verifier = new IdTokenVerifier(oidc.issuer(), oidc.clientId(), discovery.endpoints().jwks(),
                            (int) TIMEOUT.toMillis());
                }
                v = verifier;
            }
        }
        return v;
    }

    private Answer tokenRequest(Map<String, String> params) {
        OidcDiscovery.Endpoints endpoints = discovery.endpoints();
        Map<String, String> form = new LinkedHashMap<>(params);
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoints.token()).timeout(TIMEOUT)
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded");
        if (endpoints.basicAuth()) {
            String pair = enc(oidc.clientId()) + ":" + enc(oidc.clientSecret()); // RFC 6749 §2.3.1: form-encoded
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", oidc.clientId());
            form.put("client_secret", oidc.clientSecret());
        }
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return send(b.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** A provider answer; status -1 when the provider could not be reached. */
    private record Answer(int status, String body) {
        JsonNode json() {
            try {
                return Json.parseUntrusted(body);
            } catch (IOException e) {
                throw new UpstreamLoginException("server_error", "the OpenID provider sent no JSON");
            }
        }
    }

    private Answer send(HttpRequest request) {
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

    private static Optional<String> text(JsonNode node, String field) {
        return node.path(field).isTextual() ? Optional.of(node.path(field).asText()) : Optional.empty();
    }

    /** base64url(SHA-256("nonce:" + verifier)): unguessable, single-use, checkable without stored state. */
    static String nonceOf(String codeVerifier) {
        return GitHubLogin.s256("nonce:" + codeVerifier);
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) : s;
        return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
