package io.mcpgw.oauth.authorize;

import io.mcpgw.oauth.Loopback;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.code.AuthorizationCode;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import io.mcpgw.oauth.pages.Pages;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.upstream.LocalDevelopmentLogin;
import io.mcpgw.oauth.upstream.UpstreamLogin;
import io.mcpgw.oauth.upstream.UpstreamLoginException;
import io.mcpgw.store.StateStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser side of the authorization code flow:
 * {@code GET /authorize} → consent page → {@code POST /consent} → upstream login → {@code /callback} (or the
 * development {@code /login}) → redirect to the client with {@code code}, {@code state} and {@code iss} (RFC 9207).
 *
 * <p>Key schema: {@code oauth:authz:{sha256(request)}} pending consent (10 min);
 * {@code oauth:state:{sha256(state)}} upstream state, single-use (10 min). Both are consumed atomically.
 */
public final class AuthorizationFlow {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationFlow.class);
    static final String PENDING = "oauth:authz:";
    static final String UPSTREAM_STATE = "oauth:state:";
    static final Duration STEP_LIFETIME = Duration.ofMinutes(10);

    private final String issuer;
    private final AuthorizationRequestValidator validator;
    private final ClientRepository clients;
    private final ResourceCatalog resources;
    private final StateStore store;
    private final UpstreamLogin upstream;
    private final AuthorizationCodeStore codes;
    private final ConsentCookie cookie;
    private final Clock clock;

    public AuthorizationFlow(String issuer, ClientRepository clients, ResourceCatalog resources, StateStore store,
                             UpstreamLogin upstream, AuthorizationCodeStore codes, Clock clock) {
        this.issuer = issuer;
        this.validator = new AuthorizationRequestValidator(clients, resources);
        this.clients = clients;
        this.resources = resources;
        this.store = store;
        this.upstream = upstream;
        this.codes = codes;
        this.cookie = new ConsentCookie(issuer);
        this.clock = clock;
    }

    /** {@code GET /authorize}: {@link #validate}, then {@link #askConsent}. */
    public AuthorizationResponse authorize(Parameters query) {
        try {
            return askConsent(validate(query));
        } catch (AuthorizationInterrupted e) {
            return e.response();
        }
    }

    /**
     * {@code GET /authorize}, step 1: the request's rules ({@link AuthorizationRequestValidator}).
     *
     * @throws AuthorizationInterrupted with the error page (unknown client, unregistered redirect URI) or the error
     *                                  redirect to the client (every later rule)
     */
    public AuthorizationRequest validate(Parameters query) {
        try {
            return validator.validate(query);
        } catch (AuthorizationProblem p) {
            throw new AuthorizationInterrupted(problem(p));
        }
    }

    /** {@code GET /authorize}, step 2: remember the valid request for 10 minutes and show the consent page. */
    public AuthorizationResponse askConsent(AuthorizationRequest request) {
        String requestId = Secrets.random();
        String csrf = Secrets.random();
        String binding = Secrets.random();
        PendingAuthorization pending = new PendingAuthorization(request.client().clientId(), request.redirectUri(),
                request.state(), request.codeChallenge(), request.scope(), request.resources(), Secrets.hash(csrf),
                Secrets.hash(binding), clock.instant().getEpochSecond());
        store.put(PENDING + Secrets.hash(requestId), Json.write(pending), STEP_LIFETIME);

        URI redirect = URI.create(request.redirectUri());
        String host = redirect.getHost() != null ? redirect.getHost() : redirect.getScheme() + ":";
        boolean loopback = Loopback.isHost(redirect.getHost());
        List<String> services = new ArrayList<>();
        request.resources().forEach(r -> resources.serviceOf(r).ifPresent(services::add));
        String html = Pages.consent(new Pages.ConsentView(request.client().clientName(), request.client().clientId(),
                host, loopback, services, List.of(request.scope().split(" ")), requestId, csrf, "/consent",
                upstream.displayName()));
        return new AuthorizationResponse.Page(200, html,
                List.of(cookie.set(binding, STEP_LIFETIME.toSeconds())));
    }

    /** {@code POST /consent}: {@link #readDecision}, then {@link #continueUpstream}. */
    public AuthorizationResponse decide(Parameters form, Map<String, String> cookies) {
        try {
            return continueUpstream(readDecision(form, cookies));
        } catch (AuthorizationInterrupted e) {
            return e.response();
        }
    }

    /**
     * {@code POST /consent}, step 1: the user's decision, accepted only from the browser that saw the consent page
     * (CSRF token and binding cookie); the pending request is consumed.
     *
     * @throws AuthorizationInterrupted with a 400 page (incomplete, expired or already answered form) or 403 page
     *                                  (another browser)
     */
    public ConsentDecision readDecision(Parameters form, Map<String, String> cookies) {
        String requestId;
        String csrf;
        String decision;
        try {
            requestId = form.optional("request").orElse("");
            csrf = form.optional("csrf_token").orElse("");
            decision = form.optional("decision").orElse("");
        } catch (OAuthException e) {
            throw new AuthorizationInterrupted(expiredConsent());
        }
        if (requestId.isEmpty() || !("approve".equals(decision) || "deny".equals(decision))) {
            throw new AuthorizationInterrupted(new AuthorizationResponse.Page(400, Pages.error("Invalid consent",
                    "The consent form was incomplete."), List.of()));
        }
        Optional<PendingAuthorization> found = store.take(PENDING + Secrets.hash(requestId))
                .map(json -> Json.read(json, PendingAuthorization.class));
        if (found.isEmpty()) {
            throw new AuthorizationInterrupted(expiredConsent());
        }
        PendingAuthorization pending = found.get();
        String binding = cookies.get(cookie.name());
        if (!Secrets.matchesHash(csrf, pending.csrfHash()) || !Secrets.matchesHash(binding, pending.browserBindingHash())) {
            LOG.warn("event=consent_rejected reason=browser_binding client_id={}", pending.clientId());
            throw new AuthorizationInterrupted(new AuthorizationResponse.Page(403, Pages.error("Consent not accepted",
                    "This consent form was not shown in this browser, or it was replaced by a newer one."),
                    List.of(cookie.clear())));
        }
        return new ConsentDecision(pending, "approve".equals(decision));
    }

    /**
     * {@code POST /consent}, step 2: a denial goes back to the client as {@code access_denied}; an approval starts the
     * upstream login (single-use state, PKCE verifier kept server-side for 10 minutes).
     */
    public AuthorizationResponse continueUpstream(ConsentDecision decided) {
        PendingAuthorization pending = decided.pending();
        if (!decided.approved()) {
            LOG.info("event=consent_denied client_id={}", pending.clientId());
            return new AuthorizationResponse.Redirect(errorRedirect(pending, "access_denied",
                    "the user denied the request"), List.of(cookie.clear()));
        }
        String state = Secrets.random();
        String verifier = Secrets.random(48);
        store.put(UPSTREAM_STATE + Secrets.hash(state), Json.write(new UpstreamState(pending, verifier)), STEP_LIFETIME);
        LOG.info("event=consent_approved client_id={}", pending.clientId());
        return new AuthorizationResponse.Redirect(upstream.loginUrl(state, verifier), List.of(cookie.clear()));
    }

    /** {@code GET /callback} from the upstream provider (or {@code POST /login} of the development login). */
    public AuthorizationResponse complete(Parameters callback) {
        String state;
        try {
            state = callback.optional("state").orElse("");
        } catch (OAuthException e) {
            state = "";
        }
        Optional<UpstreamState> found = state.isEmpty() ? Optional.empty()
                : store.take(UPSTREAM_STATE + Secrets.hash(state)).map(json -> Json.read(json, UpstreamState.class));
        if (found.isEmpty()) {
            return new AuthorizationResponse.Page(400, Pages.error("Sign-in expired",
                    "This sign-in link was already used or is older than 10 minutes."));
        }
        PendingAuthorization pending = found.get().pending();
        UserIdentity user;
        try {
            user = upstream.complete(callback, found.get().codeVerifier());
        } catch (UpstreamLoginException e) {
            LOG.warn("event=upstream_login_failed client_id={} error={} detail=\"{}\"", pending.clientId(),
                    e.oauthError(), e.getMessage());
            String error = "invalid_request".equals(e.oauthError()) ? "access_denied" : e.oauthError();
            return new AuthorizationResponse.Redirect(errorRedirect(pending, error, "the sign-in did not complete"));
        }
        if (!upstream.allows(user)) {
            LOG.warn("event=user_not_allowed client_id={} username={}", pending.clientId(), user.username());
            return new AuthorizationResponse.Redirect(errorRedirect(pending, "access_denied",
                    "this user is not allowed to use the gateway"));
        }
        if (clients.findById(pending.clientId()).isEmpty()) {
            return new AuthorizationResponse.Page(400, Pages.error("Application removed",
                    "The application was unregistered while you were signing in."));
        }
        String code = codes.issue(new AuthorizationCode(pending.clientId(), pending.redirectUri(),
                pending.codeChallenge(), pending.scope(), pending.resources(), user, Secrets.random(16),
                clock.instant().getEpochSecond()));
        LOG.info("event=code_issued client_id={} username={}", pending.clientId(), user.username());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("state", pending.state());
        params.put("iss", issuer);
        return new AuthorizationResponse.Redirect(RedirectUris.withParameters(pending.redirectUri(), params));
    }

    /** {@code GET /login?state=…}: the development login form, only while the state is pending. */
    public AuthorizationResponse loginPage(Parameters query) {
        String state;
        try {
            state = query.optional("state").orElse("");
        } catch (OAuthException e) {
            state = "";
        }
        if (!(upstream instanceof LocalDevelopmentLogin) || state.isEmpty()
                || store.get(UPSTREAM_STATE + Secrets.hash(state)).isEmpty()) {
            return new AuthorizationResponse.Page(400, Pages.error("Sign-in expired",
                    "Start the connection again from your MCP client."));
        }
        return new AuthorizationResponse.Page(200, Pages.devLogin("/login", state, null));
    }

    /** {@code POST /login}: a bad user name shows the form again with the state still pending. */
    public AuthorizationResponse loginSubmit(Parameters form) {
        if (!(upstream instanceof LocalDevelopmentLogin)) {
            return new AuthorizationResponse.Page(404, Pages.error("Not found", "There is no local login here."));
        }
        String username;
        String state;
        try {
            username = form.optional("username").map(String::trim).orElse("");
            state = form.optional("state").orElse("");
        } catch (OAuthException e) {
            return new AuthorizationResponse.Page(400, Pages.error("Invalid sign-in", "A field was repeated."));
        }
        if (!LocalDevelopmentLogin.USERNAME.matcher(username).matches() && !state.isEmpty()
                && store.get(UPSTREAM_STATE + Secrets.hash(state)).isPresent()) {
            return new AuthorizationResponse.Page(400, Pages.devLogin("/login", state,
                    "A user name is 1 to 39 letters, digits or single hyphens."));
        }
        return complete(form);
    }

    private AuthorizationResponse problem(AuthorizationProblem p) {
        if (p.redirectUri() == null) {
            return new AuthorizationResponse.Page(400, Pages.error("Cannot continue", p.description()));
        }
        return new AuthorizationResponse.Redirect(errorLocation(p.redirectUri(), p.state(), p.error(), p.description()));
    }

    private String errorRedirect(PendingAuthorization pending, String error, String description) {
        return errorLocation(pending.redirectUri(), pending.state(), error, description);
    }

    /** RFC 6749 §4.1.2.1 error response with RFC 9207 {@code iss}. */
    private String errorLocation(String redirectUri, String state, String error, String description) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        params.put("state", state);
        params.put("iss", issuer);
        return RedirectUris.withParameters(redirectUri, params);
    }

    private AuthorizationResponse expiredConsent() {
        return new AuthorizationResponse.Page(400, Pages.error("Consent expired",
                "This consent page was already answered or is older than 10 minutes."), List.of(cookie.clear()));
    }

    /** Server-side record of one upstream login in progress. */
    record UpstreamState(PendingAuthorization pending, String codeVerifier) {
    }

}
