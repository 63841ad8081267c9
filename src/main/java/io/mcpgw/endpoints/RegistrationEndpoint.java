package io.mcpgw.endpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mcpgw.config.TrustedProxies;
import io.mcpgw.http.ClientAddress;
import io.mcpgw.http.HttpReplies;
import io.mcpgw.json.Json;
import io.mcpgw.metrics.GatewayMetrics;
import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.client.ClientRegistrationService;
import io.mcpgw.oauth.client.Registration;
import io.mcpgw.oauth.client.RegistrationCredentials;
import io.mcpgw.oauth.client.TooManyRegistrationsException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * HTTP adapter of {@link ClientRegistrationService} for the {@code oauth-register} and {@code oauth-client-*}
 * routes: reads the request, calls the core, writes the reply with {@link HttpReplies}. Rule violations thrown by
 * the core reach the client through the gateway's error route configuration.
 *
 * <ul>
 *   <li>Bodies must be {@code application/json}, non-empty, at most {@value #MAX_BODY_BYTES} bytes and valid JSON —
 *       else 400 {@code invalid_client_metadata}, the error RFC 7591 clients understand.</li>
 *   <li>The client id is the last segment of {@code CamelHttpPath}, not the {@code client_id} header platform-http
 *       fills from the path, which a query parameter or request header of that name would also feed.</li>
 *   <li>The rate-limit key is the client address ({@link ClientAddress}): the TCP peer, or behind a trusted proxy the
 *       rightmost untrusted {@code X-Forwarded-For} hop, so one abuser behind Traefik cannot exhaust everybody's
 *       limit.</li>
 * </ul>
 */
public final class RegistrationEndpoint {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Exchange property: the client metadata of {@code POST /register}, a parsed JSON object. */
    public static final String METADATA = "clientMetadata";
    /** Exchange property: the {@link Registration} the core made. */
    public static final String REGISTRATION = "registration";
    private final ClientRegistrationService service;
    private final TrustedProxies proxies;
    private final GatewayMetrics metrics;

    public RegistrationEndpoint(ClientRegistrationService service, TrustedProxies proxies, GatewayMetrics metrics) {
        this.service = service;
        this.proxies = proxies;
        this.metrics = metrics;
    }

    /** {@code POST /register} step "read metadata": the JSON body (rules above) into {@value #METADATA}. */
    public void readMetadata(Exchange exchange) {
        try {
            exchange.setProperty(METADATA, jsonBody(exchange.getMessage()));
        } catch (RuntimeException e) {
            metrics.registered("rejected");
            throw e;
        }
    }

    /**
     * {@code POST /register} step "register" (RFC 7591 §3.1, rules in {@link ClientRegistrationService}): the
     * {@link Registration} into {@value #REGISTRATION}. Over the rate limit: {@link TooManyRegistrationsException},
     * a 429 with {@code Retry-After} from the route's error configuration.
     */
    public void register(Exchange exchange) {
        JsonNode metadata = exchange.getProperty(METADATA, JsonNode.class);
        if (metadata == null) {
            throw new IllegalStateException("exchange property " + METADATA + " is not set: a step is missing");
        }
        try {
            exchange.setProperty(REGISTRATION, service.register(metadata,
                    ClientAddress.of(exchange.getMessage(), proxies)));
            metrics.registered("registered");
        } catch (TooManyRegistrationsException e) {
            metrics.registered("rate_limited");
            throw e;
        } catch (RuntimeException e) {
            metrics.registered("rejected");
            throw e;
        }
    }

    /** {@code POST /register} step "reply": 201 with the client information response. */
    public void replyRegistered(Exchange exchange) {
        Registration registration = exchange.getProperty(REGISTRATION, Registration.class);
        if (registration == null) {
            throw new IllegalStateException("exchange property " + REGISTRATION + " is not set: a step is missing");
        }
        HttpReplies.json(exchange, 201, registration.document());
    }

    /** {@code GET /register/{client_id}} (RFC 7592 §2.1). */
    public void read(Exchange exchange) {
        Message msg = exchange.getMessage();
        HttpReplies.json(exchange, 200, service.read(clientId(msg), registrationToken(msg)));
    }

    /** {@code PUT /register/{client_id}} (RFC 7592 §2.2). */
    public void update(Exchange exchange) {
        Message msg = exchange.getMessage();
        HttpReplies.json(exchange, 200, service.update(clientId(msg), registrationToken(msg), () -> jsonBody(msg)));
    }

    /** {@code DELETE /register/{client_id}} (RFC 7592 §2.3): 204. */
    public void delete(Exchange exchange) {
        Message msg = exchange.getMessage();
        service.delete(clientId(msg), registrationToken(msg));
        HttpReplies.empty(exchange, 204);
    }

    private static JsonNode jsonBody(Message msg) {
        String contentType = msg.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw invalid("registration requires a JSON body (Content-Type: application/json)");
        }
        byte[] bytes = msg.getBody(byte[].class);
        if (bytes == null || bytes.length == 0) {
            throw invalid("registration requires a JSON body (Content-Type: application/json)");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw invalid("the registration body is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
        }
        try {
            return Json.parseUntrusted(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw invalid("the registration body is not valid JSON");
        }
    }

    private static String clientId(Message msg) {
        String path = msg.getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null) {
            return "";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String registrationToken(Message msg) {
        return RegistrationCredentials.bearerToken(msg.getHeader("Authorization", String.class)).orElse(null);
    }

    private static io.mcpgw.oauth.OAuthException invalid(String description) {
        return OAuthError.invalidClientMetadata(description).exception();
    }
}
