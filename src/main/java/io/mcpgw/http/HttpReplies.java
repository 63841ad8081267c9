package io.mcpgw.http;

import io.mcpgw.json.Json;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.authorize.AuthorizationResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The one writer of HTTP replies for Camel routes: JSON documents, RFC 6749 §5.2 error bodies, HTML pages,
 * redirects and empty replies. It always sets the status, the content type (or removes it for an empty body, so
 * a request's {@code Content-Type} can never come back) and the caching policy.
 */
public final class HttpReplies {

    private HttpReplies() {
    }

    /** A JSON document that may be cached by nobody ({@code no-store}); the default for everything OAuth. */
    public static void json(Exchange exchange, int status, Object document) {
        json(exchange, status, document, "no-store");
    }

    public static void json(Exchange exchange, int status, Object document, String cacheControl) {
        Message msg = exchange.getMessage();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        msg.setHeader("Cache-Control", cacheControl);
        if ("no-store".equals(cacheControl)) {
            msg.setHeader("Pragma", "no-cache");
        }
        msg.setBody(toJson(document));
    }

    /**
     * An OAuth error body {@code {"error","error_description"}} with {@code Cache-Control: no-store}; a 401
     * {@code invalid_client} carries {@code WWW-Authenticate: Basic} (RFC 6749 §5.2), a 401 {@code invalid_token}
     * a bare {@code WWW-Authenticate: Bearer} (RFC 6750 §3; callers that need parameters such as
     * {@code resource_metadata} overwrite it), a 503 or 429 a {@code Retry-After} of 5 seconds.
     */
    public static void error(Exchange exchange, OAuthError error) {
        error(exchange, error, 5);
    }

    /** {@link #error(Exchange, OAuthError)} with the {@code Retry-After} seconds a 503 or 429 carries. */
    public static void error(Exchange exchange, OAuthError error, long retryAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.code());
        body.put("error_description", error.description());
        json(exchange, error.status(), body);
        if (error.status() == 401 && "invalid_client".equals(error.code())) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Basic realm=\"mcp-oauth-gateway\"");
        }
        if (error.status() == 401 && "invalid_token".equals(error.code())) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
        if (error.status() == 503 || error.status() == 429) {
            exchange.getMessage().setHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
        }
    }

    /**
     * An HTML page with {@link HtmlSecurityHeaders} (not framed, cached or sniffed, no script). {@code html} must
     * already be escaped.
     */
    public static void html(Exchange exchange, int status, String html) {
        Message msg = exchange.getMessage();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        HtmlSecurityHeaders.apply(msg::setHeader);
        msg.setBody(html);
    }

    /** A step of the browser flow: its page or redirect, with the cookies it sets. */
    public static void browser(Exchange exchange, AuthorizationResponse response) {
        if (response instanceof AuthorizationResponse.Page page) {
            html(exchange, page.status(), page.html());
        } else if (response instanceof AuthorizationResponse.Redirect redirect) {
            redirect(exchange, redirect.location());
        }
        if (!response.setCookies().isEmpty()) {
            exchange.getMessage().setHeader("Set-Cookie", response.setCookies());
        }
    }

    /** A 302 to {@code location}, which the caller built with proper encoding. */
    public static void redirect(Exchange exchange, String location) {
        Message msg = exchange.getMessage();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        msg.setHeader("Location", location);
        msg.setHeader("Cache-Control", "no-store");
        msg.setHeader("Pragma", "no-cache");
        msg.setHeader("Referrer-Policy", "no-referrer");
        msg.removeHeader(Exchange.CONTENT_TYPE);
        msg.setBody("");
    }

    /** A reply without a body (200 from /verify, 202, 204). */
    public static void empty(Exchange exchange, int status) {
        Message msg = exchange.getMessage();
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        msg.removeHeader(Exchange.CONTENT_TYPE);
        msg.setHeader("Cache-Control", "no-store");
        msg.setBody("");
    }

    public static String toJson(Object document) {
        return Json.write(document);
    }
}
