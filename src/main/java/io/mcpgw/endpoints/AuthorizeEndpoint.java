package io.mcpgw.endpoints;

import io.mcpgw.http.HttpReplies;
import io.mcpgw.http.RequestParameters;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.authorize.AuthorizationFlow;
import io.mcpgw.oauth.authorize.AuthorizationResponse;
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
 */
public final class AuthorizeEndpoint {
    private final AuthorizationFlow flow;

    public AuthorizeEndpoint(AuthorizationFlow flow) {
        this.flow = flow;
    }

    public void authorize(Exchange exchange) {
        if (hostAccepted(exchange)) {
            write(exchange, flow.authorize(RequestParameters.query(exchange)));
        }
    }

    public void consent(Exchange exchange) {
        if (!hostAccepted(exchange)) {
            return;
        }
        try {
            write(exchange, flow.decide(RequestParameters.form(exchange), cookies(exchange)));
        } catch (OAuthException e) {
            badForm(exchange);
        }
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

    /** False (and the refusal written) when the flow does not answer this request's host. */
    private boolean hostAccepted(Exchange exchange) {
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
        Optional<AuthorizationResponse> refusal = flow.refusesHost(hosts, forwarded);
        refusal.ifPresent(r -> write(exchange, r));
        return refusal.isEmpty();
    }

    private static void badForm(Exchange exchange) {
        HttpReplies.html(exchange, 400, Pages.error("Invalid form", "The form could not be read."));
    }

    private static void write(Exchange exchange, AuthorizationResponse response) {
        if (response instanceof AuthorizationResponse.Page page) {
            HttpReplies.html(exchange, page.status(), page.html());
        } else if (response instanceof AuthorizationResponse.Redirect redirect) {
            HttpReplies.redirect(exchange, redirect.location());
        }
        if (!response.setCookies().isEmpty()) {
            exchange.getMessage().setHeader("Set-Cookie", response.setCookies());
        }
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
