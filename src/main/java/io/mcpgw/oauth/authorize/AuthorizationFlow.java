package io.mcpgw.oauth.authorize;

import io.mcpgw.audit.AuditLog;
import io.mcpgw.config.LocalNames;
import io.mcpgw.oauth.Loopback;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.cimd.ClientIdUrl;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.code.AuthorizationCode;
import io.mcpgw.oauth.code.AuthorizationCodeStore;
import io.mcpgw.oauth.pages.Pages;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.upstream.LocalDevelopmentLogin;
import io.mcpgw.oauth.upstream.UpstreamCredentials;
import io.mcpgw.oauth.upstream.UpstreamSignIn;
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
 * <p>Rules it enforces:
 * <ul>
 *   <li><b>No redirect before consent.</b> Every client registers itself (RFC 7591), so its redirect URI proves
 *       nothing about who runs it. A request rejected before the user decided on the consent page (bad or missing
 *       {@code response_type}, PKCE, {@code scope}, {@code resource}, …) gets an error page, never a redirect to
 *       the registered URI: the gateway is no open redirector (RFC 9700 §4.11.2). The client learns of the error
 *       from the user; a deny, a failed sign-in and the code itself still go back to the client (RFC 6749
 *       §4.1.2), because by then the user chose it on the consent page of this browser.</li>
 *   <li><b>Every step is bound to one browser.</b> The consent form is accepted only with its CSRF token and the
 *       per-request consent cookie set when the page was shown; the upstream login ({@code /callback}, or the
 *       development {@code /login}) only with the per-flow login cookie set at approval, whose hash is kept in the
 *       upstream state ({@link BrowserBindingCookie}). A sign-in link replayed in any other browser (no cookie, or
 *       another one) consumes the state, gets a 403 page and no code; the upstream code is never redeemed and the
 *       attempt is logged as {@code event=login_rejected reason=browser_binding}.</li>
 *   <li><b>Several flows per browser.</b> Cookie names carry a per-flow tag, so two consent pages open at once can
 *       both be approved.</li>
 *   <li><b>The development login answers on local names only.</b> With {@link LocalDevelopmentLogin} every step
 *       refuses a request whose {@code Host} (or {@code X-Forwarded-Host}) is not a local name ({@link LocalNames})
 *       ({@link #refusesHost}).</li>
 * </ul>
 *
 * <p>Key schema: {@code oauth:authz:{sha256(request)}} pending consent (10 min);
 * {@code oauth:state:{sha256(state)}} upstream state, single-use (10 min). Both are consumed atomically.
 */
public final class AuthorizationFlow {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationFlow.class);
    static final String PENDING = "oauth:authz:";
    static final String UPSTREAM_STATE = "oauth:state:";
    static final Duration STEP_LIFETIME = Duration.ofMinutes(10);
    /** An upstream answer that failed verification (a tampered or replayed id_token): an error page, no redirect. */
    static final String UNTRUSTED_ANSWER = "untrusted_id_token";

    private final String issuer;
    private final AuthorizationRequestValidator validator;
    private final ClientRepository clients;
    private final ResourceCatalog resources;
    private final StateStore store;
    private final UpstreamLogin upstream;
    private final AuthorizationCodeStore codes;
    private final BrowserBindingCookie consentCookie;
    private final BrowserBindingCookie loginCookie;
    private final Clock clock;
    private final UpstreamCredentials upstreamTokens;

    public AuthorizationFlow(String issuer, ClientRepository clients, ResourceCatalog resources, StateStore store,
                             UpstreamLogin upstream, AuthorizationCodeStore codes, Clock clock) {
        this(issuer, clients, resources, store, upstream, codes, clock,
                new UpstreamCredentials(store, Optional.empty(), STEP_LIFETIME));
    }

    /** @param upstreamTokens where the upstream token of each sign-in is kept (encrypted) for later re-checks */
    public AuthorizationFlow(String issuer, ClientRepository clients, ResourceCatalog resources, StateStore store,
                             UpstreamLogin upstream, AuthorizationCodeStore codes, Clock clock,
                             UpstreamCredentials upstreamTokens) {
        this.upstreamTokens = upstreamTokens;
        this.issuer = issuer;
        this.validator = new AuthorizationRequestValidator(clients, resources);
        this.clients = clients;
        this.resources = resources;
        this.store = store;
        this.upstream = upstream;
        this.codes = codes;
        this.consentCookie = BrowserBindingCookie.consent(issuer);
        this.loginCookie = BrowserBindingCookie.login(issuer);
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
        boolean web = "http".equalsIgnoreCase(redirect.getScheme()) || "https".equalsIgnoreCase(redirect.getScheme());
        // A private-use scheme (RFC 8252 §7.1) can look like a domain ("claude.ai:/cb"): show the whole URI.
        String target = web && redirect.getHost() != null ? redirect.getHost() : request.redirectUri();
        boolean loopback = Loopback.isHost(redirect.getHost());
        List<String> services = new ArrayList<>();
        request.resources().forEach(r -> resources.serviceOf(r).ifPresent(services::add));
        String clientId = request.client().clientId();
        String documentHost = ClientIdUrl.isUrl(clientId) ? ClientIdUrl.host(clientId) : null;
        String html = Pages.consent(new Pages.ConsentView(request.client().clientName(), clientId,
                target, loopback, !web, services, List.of(request.scope().split(" ")), requestId, csrf, "/consent",
                upstream.displayName(), documentHost));
        return new AuthorizationResponse.Page(200, html,
                List.of(consentCookie.set(requestId, binding, STEP_LIFETIME.toSeconds())));
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
            throw new AuthorizationInterrupted(expiredConsent(""));
        }
        if (requestId.isEmpty() || !("approve".equals(decision) || "deny".equals(decision))) {
            throw new AuthorizationInterrupted(new AuthorizationResponse.Page(400, Pages.error("Invalid consent",
                    "The consent form was incomplete."), List.of()));
        }
        Optional<PendingAuthorization> found = store.take(PENDING + Secrets.hash(requestId))
                .map(json -> Json.read(json, PendingAuthorization.class));
        if (found.isEmpty()) {
            throw new AuthorizationInterrupted(expiredConsent(requestId));
        }
        PendingAuthorization pending = found.get();
        String binding = cookies.get(consentCookie.name(requestId));
        if (!Secrets.matchesHash(csrf, pending.csrfHash()) || !Secrets.matchesHash(binding, pending.browserBindingHash())) {
            AuditLog.warn("event=consent_rejected reason=browser_binding client_id={}", pending.clientId());
            throw new AuthorizationInterrupted(new AuthorizationResponse.Page(403, Pages.error("Consent not accepted",
                    "This consent form was not shown in this browser."), List.of(consentCookie.clear(requestId))));
        }
        return new ConsentDecision(pending, "approve".equals(decision), requestId);
    }

    /**
     * {@code POST /consent}, step 2: a denial goes back to the client as {@code access_denied}; an approval starts the
     * upstream login (single-use state, PKCE verifier kept server-side for 10 minutes).
     */
    public AuthorizationResponse continueUpstream(ConsentDecision decided) {
        PendingAuthorization pending = decided.pending();
        String requestId = decided.requestId();
        if (!decided.approved()) {
            AuditLog.info("event=consent_denied client_id={}", pending.clientId());
            return new AuthorizationResponse.Redirect(errorRedirect(pending, "access_denied",
                    "the user denied the request"), List.of(consentCookie.clear(requestId)));
        }
        String state = Secrets.random();
        String verifier = Secrets.random(48);
        String loginBinding = Secrets.random();
        store.put(UPSTREAM_STATE + Secrets.hash(state),
                Json.write(new UpstreamState(pending, verifier, Secrets.hash(loginBinding))), STEP_LIFETIME);
        AuditLog.info("event=consent_approved client_id={}", pending.clientId());
        String loginUrl;
        try {
            loginUrl = upstream.loginUrl(state, verifier);
        } catch (UpstreamLoginException e) {
            store.delete(UPSTREAM_STATE + Secrets.hash(state));
            AuditLog.warn("event=upstream_login_failed client_id={} error={} detail=\"{}\"", pending.clientId(),
                    e.oauthError(), e.getMessage());
            return new AuthorizationResponse.Page(503, Pages.error("Sign-in unavailable",
                    "The identity provider cannot be reached right now. Try again in a minute."),
                    List.of(consentCookie.clear(requestId)));
        }
        return new AuthorizationResponse.Redirect(loginUrl, List.of(
                consentCookie.clear(requestId), loginCookie.set(state, loginBinding, STEP_LIFETIME.toSeconds())));
    }

    /**
     * {@code GET /callback} from the upstream provider (or {@code POST /login} of the development login). The state is
     * consumed first; then the login cookie of this browser must match it, before the upstream answer is used.
     */
    public AuthorizationResponse complete(Parameters callback, Map<String, String> cookies) {
        String state = stateOf(callback);
        if (state.isEmpty()) {
            return expiredSignIn(List.of());
        }
        List<String> clear = List.of(loginCookie.clear(state));
        Optional<UpstreamState> found = store.take(UPSTREAM_STATE + Secrets.hash(state))
                .map(json -> Json.read(json, UpstreamState.class));
        if (found.isEmpty()) {
            return expiredSignIn(clear);
        }
        PendingAuthorization pending = found.get().pending();
        if (!boundToThisBrowser(found.get(), state, cookies)) {
            return otherBrowser(pending, clear);
        }
        return signIn(callback, found.get()).withSetCookies(clear);
    }

    private AuthorizationResponse signIn(Parameters callback, UpstreamState upstreamState) {
        PendingAuthorization pending = upstreamState.pending();
        UpstreamSignIn signIn;
        try {
            signIn = upstream.signIn(callback, upstreamState.codeVerifier());
        } catch (UpstreamLoginException e) {
            AuditLog.warn("event=upstream_login_failed client_id={} upstream=\"{}\" error={} detail=\"{}\"",
                    pending.clientId(), upstream.displayName(), e.oauthError(), e.getMessage());
            if (UNTRUSTED_ANSWER.equals(e.oauthError())) {
                return new AuthorizationResponse.Page(502, Pages.error("Sign-in refused",
                        "The identity provider's answer failed verification (" + e.getMessage() + "), so nobody"
                                + " was signed in and the application received no access. Start the connection"
                                + " again; if this repeats, tell the gateway's administrator."));
            }
            String error = "invalid_request".equals(e.oauthError()) ? "access_denied" : e.oauthError();
            return new AuthorizationResponse.Redirect(errorRedirect(pending, error, "the sign-in did not complete"));
        }
        UserIdentity user = signIn.user();
        if (!upstream.allows(signIn)) {
            AuditLog.warn("event=user_not_allowed client_id={} upstream_identity=\"{}\" username={}", pending.clientId(),
                    user.upstreamIdentity(), user.username());
            return new AuthorizationResponse.Redirect(errorRedirect(pending, "access_denied",
                    "this user is not allowed to use the gateway"));
        }
        AuditLog.info("event=login_succeeded client_id={} username={} upstream_identity=\"{}\" login={}",
                pending.clientId(), user.username(), user.upstreamIdentity(),
                upstream instanceof LocalDevelopmentLogin ? "local-development" : "upstream");
        if (!stillKnown(pending.clientId())) {
            return new AuthorizationResponse.Page(400, Pages.error("Application removed",
                    "The application was unregistered, or its metadata document stopped being valid, while you were"
                            + " signing in."));
        }
        String grantId = Secrets.random(16);
        signIn.credential().ifPresent(token -> upstreamTokens.keepUntilRedeemed(grantId, token));
        String code = codes.issue(new AuthorizationCode(pending.clientId(), pending.redirectUri(),
                pending.codeChallenge(), pending.scope(), pending.resources(), user, grantId,
                clock.instant().getEpochSecond()));
        AuditLog.info("event=code_issued client_id={} username={} upstream_identity=\"{}\"", pending.clientId(),
                user.username(), user.upstreamIdentity());
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("state", pending.state());
        params.put("iss", issuer);
        return new AuthorizationResponse.Redirect(RedirectUris.withParameters(pending.redirectUri(), params));
    }

    /** Whether the client still exists (a URL client: its metadata document is still valid). */
    private boolean stillKnown(String clientId) {
        try {
            return clients.findById(clientId).isPresent();
        } catch (OAuthException e) {
            return false;
        }
    }

    /**
     * {@code GET /login?state=…}: the development login form, only while the state is pending and only in the
     * browser that approved the consent (the state is not consumed here).
     */
    public AuthorizationResponse loginPage(Parameters query, Map<String, String> cookies) {
        String state = stateOf(query);
        Optional<UpstreamState> pending = upstream instanceof LocalDevelopmentLogin && !state.isEmpty()
                ? store.get(UPSTREAM_STATE + Secrets.hash(state)).map(json -> Json.read(json, UpstreamState.class))
                : Optional.empty();
        if (pending.isEmpty()) {
            return new AuthorizationResponse.Page(400, Pages.error("Sign-in expired",
                    "Start the connection again from your MCP client."));
        }
        if (!boundToThisBrowser(pending.get(), state, cookies)) {
            return otherBrowser(pending.get().pending(), List.of());
        }
        return new AuthorizationResponse.Page(200, Pages.devLogin("/login", state, null));
    }

    /** {@code POST /login}: a bad user name shows the form again (same browser only) with the state still pending. */
    public AuthorizationResponse loginSubmit(Parameters form, Map<String, String> cookies) {
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
        if (!LocalDevelopmentLogin.USERNAME.matcher(username).matches() && !state.isEmpty()) {
            Optional<UpstreamState> pending = store.get(UPSTREAM_STATE + Secrets.hash(state))
                    .map(json -> Json.read(json, UpstreamState.class));
            if (pending.isPresent() && boundToThisBrowser(pending.get(), state, cookies)) {
                return new AuthorizationResponse.Page(400, Pages.devLogin("/login", state,
                        "A user name is 1 to 39 letters, digits or single hyphens."));
            }
        }
        return complete(form, cookies);
    }

    /**
     * With the development login, a request whose {@code Host} or {@code X-Forwarded-Host} values are not all local
     * names ({@link LocalNames}) (or that has no {@code Host}) gets a 403 page: the passwordless login must never answer a public name.
     * With a real upstream login, empty (the general host policy of the HTTP layer applies).
     *
     * @param hosts      every {@code Host} value of the request
     * @param forwarded  every {@code X-Forwarded-Host} value of the request
     */
    public Optional<AuthorizationResponse> refusesHost(List<String> hosts, List<String> forwarded) {
        if (!(upstream instanceof LocalDevelopmentLogin)) {
            return Optional.empty();
        }
        boolean loopback = !hosts.isEmpty() && hosts.stream().allMatch(LocalNames::isLocalAuthority)
                && forwarded.stream().allMatch(LocalNames::isLocalAuthority);
        if (loopback) {
            return Optional.empty();
        }
        AuditLog.warn("event=dev_login_refused reason=non_loopback_host");
        return Optional.of(new AuthorizationResponse.Page(403, Pages.error("Not available here",
                "This gateway runs the local development login, which only answers on this computer (localhost).")));
    }

    private boolean boundToThisBrowser(UpstreamState upstreamState, String state, Map<String, String> cookies) {
        return Secrets.matchesHash(cookies.get(loginCookie.name(state)), upstreamState.loginBindingHash());
    }

    private AuthorizationResponse otherBrowser(PendingAuthorization pending, List<String> setCookies) {
        AuditLog.warn("event=login_rejected reason=browser_binding client_id={} login={}", pending.clientId(),
                upstream instanceof LocalDevelopmentLogin ? "local-development" : "upstream");
        return new AuthorizationResponse.Page(403, Pages.error("Sign-in not accepted",
                "This sign-in was started in another browser, so it cannot be finished here. No application received"
                        + " access. If you did not start a connection yourself, someone may have sent you this link."),
                setCookies);
    }

    private static String stateOf(Parameters p) {
        try {
            return p.optional("state").orElse("");
        } catch (OAuthException e) {
            return "";
        }
    }

    private static AuthorizationResponse expiredSignIn(List<String> setCookies) {
        return new AuthorizationResponse.Page(400, Pages.error("Sign-in expired",
                "This sign-in link was already used or is older than 10 minutes."), setCookies);
    }

    /** Before consent nothing is redirected to the client: an error page names the problem (class Javadoc). */
    private AuthorizationResponse problem(AuthorizationProblem p) {
        LOG.info("event=authorize_rejected error={}", p.error());
        return new AuthorizationResponse.Page(400, Pages.error("Cannot continue",
                "The application sent a request this gateway cannot accept (" + p.error() + "): " + p.description()));
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

    private AuthorizationResponse expiredConsent(String requestId) {
        return new AuthorizationResponse.Page(400, Pages.error("Consent expired",
                "This consent page was already answered or is older than 10 minutes."),
                requestId.isEmpty() ? List.of() : List.of(consentCookie.clear(requestId)));
    }

    /**
     * Server-side record of one upstream login in progress.
     *
     * @param loginBindingHash hash of the login cookie given to the browser that approved the consent
     */
    record UpstreamState(PendingAuthorization pending, String codeVerifier, String loginBindingHash) {
    }

}
