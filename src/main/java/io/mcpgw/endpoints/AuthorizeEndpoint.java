package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.http.RequestParameters;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.authorize.AuthorizationFlow;
import io.mcpgw.oauth.authorize.AuthorizationInterrupted;
import io.mcpgw.oauth.authorize.AuthorizationRequest;
import io.mcpgw.oauth.authorize.AuthorizationResponse;
import io.mcpgw.oauth.authorize.ConsentDecision;
import io.mcpgw.oauth.pages.Pages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Camel adapter of the browser-facing flow ({@code oauth-authorize}, {@code oauth-consent}, {@code oauth-callback},
 * {@code oauth-login-*} routes): HTTP in, {@link AuthorizationFlow} call, page or redirect out. Browser steps never
 * answer with JSON: a malformed request gets an HTML page. Every step first asks the flow whether it answers the
 * request's {@code Host} ({@link AuthorizationFlow#refusesHost}: the development login answers loopback names only).
 *
 * <p>{@code /authorize} and {@code /consent} are two steps each, passing a typed object in an exchange property:
 * {@link #validate} puts the {@link AuthorizationRequest} in {@value #REQUEST}, {@link #askConsent} shows the consent
 * page; {@link #readDecision} puts the {@link ConsentDecision} in {@value #DECISION}, {@link #continueUpstream}
 * redirects to the upstream login (or back to the client on a denial). A step that ends the flow early (the host
 * check included) throws {@link AuthorizationInterrupted}; the route's error configuration writes its page or
 * redirect.
 */
public final class AuthorizeEndpoint {
    /** Exchange property: the validated {@link AuthorizationRequest} of {@code GET /authorize}. */
    public static final String REQUEST = "authorizationRequest";
    /** Exchange property: the accepted {@link ConsentDecision} of {@code POST /consent}. */
    public static final String DECISION = "consentDecision";
    private final AuthorizationFlow flow;

    public AuthorizeEndpoint(AuthorizationFlow flow) {
        this.flow = flow;
    }

    /** Step "validate" of {@code GET /authorize} (after the host check). */
    public void validate(Exchange exchange) {
        requireAcceptedHost(exchange);
        exchange.setProperty(REQUEST, flow.validate(RequestParameters.query(exchange)));
    }

    /** Step "consent" of {@code GET /authorize}. */
    public void askConsent(Exchange exchange) {
        write(exchange, flow.askConsent(required(exchange, REQUEST, AuthorizationRequest.class)));
    }

    /** Step "read decision" of {@code POST /consent} (after the host check): an unreadable form is a 400 page. */
    public void readDecision(Exchange exchange) {
        requireAcceptedHost(exchange);
        Parameters form;
        try {
            form = RequestParameters.form(exchange);
        } catch (OAuthException e) {
            throw new AuthorizationInterrupted(badForm());
        }
        exchange.setProperty(DECISION, flow.readDecision(form, cookies(exchange)));
    }

    /** Step "upstream" of {@code POST /consent}. */
    public void continueUpstream(Exchange exchange) {
        write(exchange, flow.continueUpstream(required(exchange, DECISION, ConsentDecision.class)));
    }

    public void callback(Exchange exchange) {
        if (hostAccepted(exchange)) {
            write(exchange, flow.complete(RequestParameters.query(exchange), cookies(exchange)));
        }
    }

    public void loginPage(Exchange exchange) {
        if (hostAccepted(exchange)) {
            write(exchange, flow.loginPage(RequestParameters.query(exchange), cookies(exchange)));
        }
    }

    public void loginSubmit(Exchange exchange) {
        if (!hostAccepted(exchange)) {
            return;
        }
        try {
            write(exchange, flow.loginSubmit(RequestParameters.form(exchange), cookies(exchange)));
        } catch (OAuthException e) {
            badForm(exchange);
        }
    }

    private void requireAcceptedHost(Exchange exchange) {
        Optional<AuthorizationResponse> refusal = hostRefusal(exchange);
        if (refusal.isPresent()) {
            throw new AuthorizationInterrupted(refusal.get());
        }
    }

    /** False (and the refusal written) when the flow does not answer this request's host. */
    private boolean hostAccepted(Exchange exchange) {
        Optional<AuthorizationResponse> refusal = hostRefusal(exchange);
        refusal.ifPresent(r -> write(exchange, r));
        return refusal.isEmpty();
    }

    private Optional<AuthorizationResponse> hostRefusal(Exchange exchange) {
        List<String> hosts = new ArrayList<>();
        List<String> forwarded = new ArrayList<>();
        // Read from the HTTP request itself: platform-http merges query parameters into message headers, so a
        // "?Host=localhost" must not count as a Host header. HTTP/2 has no Host header but an :authority.
        if (exchange.getIn() instanceof HttpMessage http) {
            HttpServerRequest request = http.getRequest();
            hosts.addAll(request.headers().getAll("Host"));
            if (hosts.isEmpty() && request.authority() != null) {
                hosts.add(request.authority().toString());
            }
            forwarded.addAll(request.headers().getAll("X-Forwarded-Host"));
        }
        return flow.refusesHost(hosts, forwarded);
    }

    private static void badForm(Exchange exchange) {
        write(exchange, badForm());
    }

    private static AuthorizationResponse badForm() {
        return new AuthorizationResponse.Page(400, Pages.error("Invalid form", "The form could not be read."));
    }

    private static void write(Exchange exchange, AuthorizationResponse response) {
        HttpReplies.browser(exchange, response);
    }

    private static <T> T required(Exchange exchange, String property, Class<T> type) {
        T value = exchange.getProperty(property, type);
        if (value == null) {
            throw new IllegalStateException("exchange property " + property + " is not set: a step is missing");
        }
        return value;
    }

    /** Cookies of the request ({@code Cookie: a=b; c=d}); the last one wins for a repeated name. */
    static Map<String, String> cookies(Exchange exchange) {
        Map<String, String> out = new HashMap<>();
        Object header = exchange.getMessage().getHeader("Cookie");
        if (header == null) {
            return out;
        }
        Iterable<?> values = header instanceof Iterable<?> it ? it : java.util.List.of(header);
        for (Object v : values) {
            for (String part : String.valueOf(v).split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
                }
            }
        }
        return out;
    }
}
