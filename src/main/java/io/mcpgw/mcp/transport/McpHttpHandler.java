package io.mcpgw.mcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.access.AccessDecision;
import io.mcpgw.access.AccessGuard;
import io.mcpgw.access.AccessRequest;
import io.mcpgw.http.HtmlSecurityHeaders;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.service.McpServices;
import io.mcpgw.mcp.service.ServiceUnavailableException;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.MessageSink;
import io.mcpgw.mcp.session.SessionLimitException;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.mcp.stdio.McpExchange;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP Streamable HTTP (2025-03-26, 2025-06-18, 2025-11-25) for one service, as a plain Vert.x handler on the
 * platform-http router: replies and SSE events are written directly to the Vert.x response (flushed per event,
 * streams independent), and no thread is held while a call is in flight. Each client message is sent into the
 * service's Camel route {@code mcp-<service>} ({@code direct:mcp-<service>} → quota policy → {@code mcp-stdio}).
 *
 * <p>Order of checks: {@code Origin} (403) → method (OPTIONS preflight without token; others 405) → declared body
 * size (413) → {@link AccessGuard} on the headers of every request, GET and DELETE included (its 401/403 verbatim) —
 * no byte of a POST body is read before the token is accepted → the {@link BodyBudget} of bodies being received at
 * once (503) → body read, cut at the limit (413, connection closed) → content type
 * (415) → JSON (-32700) → JSON-RPC shape (-32600) → {@code MCP-Protocol-Version} (400) → session (400 when
 * missing, 404 when unknown, ended or another user's) → the route.
 */
public final class McpHttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(McpHttpHandler.class);

    private final CamelContext context;
    private final Vertx vertx;
    private final McpServices services;
    private final SessionRegistry sessions;
    private final Supplier<AccessGuard> guard;
    private final OriginPolicy origins;
    private final long maxBodyBytes;
    private final BodyBudget budget;
    private final PostLimits limits;
    private final int retryAfterSeconds;

    public McpHttpHandler(CamelContext context, Vertx vertx, McpServices services, SessionRegistry sessions,
                          Supplier<AccessGuard> guard, OriginPolicy origins, long maxBodyBytes, long maxBodyBytesInFlight,
                          PostLimits limits, int retryAfterSeconds) {
        this.context = context;
        this.vertx = vertx;
        this.services = services;
        this.sessions = sessions;
        this.guard = guard;
        this.origins = origins;
        this.maxBodyBytes = maxBodyBytes;
        this.budget = new BodyBudget(maxBodyBytesInFlight);
        this.limits = limits;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Handles {@code ctx} for {@code service}; {@code resource} is the URL the client used (the token audience). */
    public void handle(RoutingContext ctx, String service, String resource) {
        HttpServerRequest req = ctx.request();
        HttpServerResponse res = ctx.response();
        String origin = req.getHeader("Origin");
        if (!origins.allowed(origin, req.host())) {
            error(res, 403, JsonRpc.SERVER_ERROR, "Forbidden: Origin not allowed");
            return;
        }
        String corsOrigin = origins.corsOrigin(origin);
        if (corsOrigin != null) {
            res.putHeader("Access-Control-Allow-Origin", corsOrigin).putHeader("Vary", "Origin")
                    .putHeader("Access-Control-Expose-Headers", OriginPolicy.EXPOSE_HEADERS);
        }
        HttpMethod method = req.method();
        if (method == HttpMethod.OPTIONS) {
            if (corsOrigin != null) {
                res.putHeader("Access-Control-Allow-Methods", OriginPolicy.ALLOW_METHODS)
                        .putHeader("Access-Control-Allow-Headers", OriginPolicy.ALLOW_HEADERS)
                        .putHeader("Access-Control-Max-Age", "600");
            }
            res.putHeader("Allow", OriginPolicy.ALLOW_METHODS).setStatusCode(204).end();
            return;
        }
        if (method != HttpMethod.POST && method != HttpMethod.GET && method != HttpMethod.DELETE) {
            res.putHeader("Allow", OriginPolicy.ALLOW_METHODS);
            error(res, 405, JsonRpc.SERVER_ERROR, "Method not allowed");
            return;
        }
        if (method != HttpMethod.POST) {
            authorized(req, res, service, resource, user -> {
                if (method == HttpMethod.GET) {
                    openStream(req, res, service, user);
                } else {
                    delete(req, res, service, user);
                }
            });
            return;
        }
        long declared = declaredLength(req.getHeader("Content-Length"));
        if (declared > maxBodyBytes) {
            tooLarge(req, res);
            return;
        }
        // The token is checked on the headers before a byte of the body is read (an anonymous client cannot make the
        // gateway buffer anything), and the body is read only within the budget of bodies being received at once.
        PostBodyReader reader = new PostBodyReader(req, declared, maxBodyBytes, budget);
        authorized(req, res, service, resource, user -> reader.start(
                body -> vertx.executeBlocking(() -> {
                    post(req, res, service, user, body);
                    return null;
                }, false),
                () -> tooLarge(req, res),
                reserved -> {
                    LOG.warn("event=mcp_body_budget_full reserved_bytes={}", reserved);
                    res.putHeader("Retry-After", Integer.toString(retryAfterSeconds));
                    errorAndClose(req, res, 503, "Service Unavailable: the gateway is receiving too many request "
                            + "bodies at once");
                }));
    }

    /** Runs the access check (it may block: token revocation lookups) and {@code next} on a worker thread. */
    private void authorized(HttpServerRequest req, HttpServerResponse res, String service, String resource,
                            Consumer<String> next) {
        AccessRequest request = new AccessRequest(service, resource, req.getHeader("Authorization"), req.getHeader("Accept"));
        vertx.executeBlocking(() -> {
            try {
                AccessDecision decision = guard.get().check(request);
                if (decision instanceof AccessDecision.Allowed allowed) {
                    next.accept(allowed.userId());
                } else if (decision instanceof AccessDecision.Denied denied) {
                    res.setStatusCode(denied.status());
                    denied.headers().forEach(res::putHeader);
                    if (denied.contentType() != null) {
                        res.putHeader("Content-Type", denied.contentType());
                    }
                    if (HtmlSecurityHeaders.isHtml(denied.contentType())) {
                        HtmlSecurityHeaders.apply(res::putHeader);
                    }
                    res.end(denied.body() == null ? "" : denied.body()).onComplete(done -> {
                        // an HTTP/1.x body that was never read must not be taken for the next request
                        if (!req.isEnded() && req.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                            req.connection().close();
                        }
                    });
                }
            } catch (RuntimeException e) {
                LOG.error("event=mcp_request_failed service={} error={}", service, e.toString(), e);
                if (!res.headWritten()) {
                    error(res, 500, JsonRpc.INTERNAL_ERROR, "Internal error");
                }
            }
            return null;
        }, false);
    }

    private void post(HttpServerRequest req, HttpServerResponse res, String service, String user, Buffer body) {
        String contentType = req.getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error(res, 415, JsonRpc.SERVER_ERROR, "Unsupported Media Type: Content-Type must be application/json");
            return;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body.getBytes());
        } catch (Exception e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            error(res, 400, JsonRpc.PARSE_ERROR, "Parse error: the body is not valid JSON");
            return;
        }
        String version = req.getHeader("MCP-Protocol-Version");
        if (version != null && !ProtocolVersions.SUPPORTED.contains(version)) {
            error(res, 400, JsonRpc.SERVER_ERROR, "Bad Request: Unsupported MCP-Protocol-Version " + version
                    + " (supported: " + String.join(", ", ProtocolVersions.SUPPORTED.stream().sorted().toList()) + ")");
            return;
        }
        boolean sse = Accept.explicitly(req.getHeader("Accept"), "text/event-stream");
        if (node.isArray()) {
            batch(req, res, service, user, (ArrayNode) node);
            return;
        }
        JsonRpc.Kind kind = JsonRpc.kind(node);
        if (kind == JsonRpc.Kind.INVALID) {
            error(res, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message");
            return;
        }
        ObjectNode message = (ObjectNode) node;
        if (kind == JsonRpc.Kind.REQUEST && "initialize".equals(JsonRpc.method(message))) {
            initialize(res, service, user, message, sse);
            return;
        }
        McpSession session = session(req, res, service, user);
        if (session == null) {
            return;
        }
        if (kind == JsonRpc.Kind.REQUEST) {
            PostReply reply = new PostReply(res, session.newStreamId(), null, limits);
            send(service, session, message, sse ? reply : null, ex -> {
                if (McpExchange.failure(ex) != null) {
                    failed(res, session, McpExchange.failure(ex), reply, message.get("id"));
                } else {
                    reply.complete(ex.getMessage().getBody(ObjectNode.class));
                }
            });
        } else {
            send(service, session, message, null, ex -> {
                if (McpExchange.failure(ex) != null) {
                    failed(res, session, McpExchange.failure(ex), null, null);
                } else {
                    res.setStatusCode(202).end();
                }
            });
        }
    }

    private void initialize(HttpServerResponse res, String service, String user, ObjectNode message, boolean sse) {
        var running = services.find(service);
        if (running.isEmpty()) {
            error(res, 404, JsonRpc.SERVER_ERROR, "Not Found: no MCP service " + service);
            return;
        }
        if (running.get().runtime().unavailable().isPresent()) {
            unavailable(res, "Service Unavailable: MCP service " + service + " is not available on this gateway");
            return;
        }
        McpSession session;
        try {
            session = sessions.open(user, service);
        } catch (SessionLimitException e) {
            unavailable(res, "Service Unavailable: " + e.getMessage());
            return;
        }
        PostReply reply = new PostReply(res, session.newStreamId(), session.id(), limits);
        send(service, session, message, sse ? reply : null, ex -> {
            if (McpExchange.failure(ex) != null) {
                session.terminate("initialize failed");
                failed(res, session, McpExchange.failure(ex), reply, message.get("id"));
                return;
            }
            ObjectNode response = ex.getMessage().getBody(ObjectNode.class);
            if (response.has("result")) {
                session.markEstablished();
                LOG.info("event=mcp_session_started service={} user={}", service, user);
            } else {
                session.terminate("initialize rejected by the server");
            }
            reply.complete(response);
        });
    }

    private void batch(HttpServerRequest req, HttpServerResponse res, String service, String user, ArrayNode batch) {
        if (batch.isEmpty()) {
            error(res, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: empty batch");
            return;
        }
        if (batch.size() > limits.maxBatchLength()) {
            error(res, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: a batch may hold at most "
                    + limits.maxBatchLength() + " messages (this one has " + batch.size() + "); send several POSTs");
            return;
        }
        int requests = 0;
        for (JsonNode item : batch) {
            JsonRpc.Kind kind = JsonRpc.kind(item);
            if (kind == JsonRpc.Kind.INVALID) {
                error(res, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: a batch element is not a JSON-RPC 2.0 message");
                return;
            }
            if (kind == JsonRpc.Kind.REQUEST && "initialize".equals(JsonRpc.method(item))) {
                error(res, 400, JsonRpc.INVALID_REQUEST, "Invalid Request: initialize must not be part of a batch");
                return;
            }
            requests += kind == JsonRpc.Kind.REQUEST ? 1 : 0;
        }
        McpSession session = session(req, res, service, user);
        if (session == null) {
            return;
        }
        BatchReply replies = new BatchReply(requests, limits.maxResponseBytes());
        int slot = 0;
        for (JsonNode item : batch) {
            ObjectNode message = (ObjectNode) item;
            boolean request = JsonRpc.kind(message) == JsonRpc.Kind.REQUEST;
            int index = request ? slot++ : -1;
            send(service, session, message, null, ex -> {
                if (!request) {
                    return;
                }
                ObjectNode response = McpExchange.failure(ex) != null
                        ? JsonRpc.error(message.get("id"), JsonRpc.INTERNAL_ERROR, "Internal error")
                        : ex.getMessage().getBody(ObjectNode.class);
                if (replies.put(index, response, message.get("id"))) {
                    if (!res.ended() && !res.closed()) {
                        res.setStatusCode(200).putHeader("Content-Type", "application/json")
                                .end(Buffer.buffer(replies.body()));
                    }
                }
            });
        }
        if (requests == 0) {
            res.setStatusCode(202).end();
        }
    }

    private void openStream(HttpServerRequest req, HttpServerResponse res, String service, String user) {
        if (!Accept.explicitly(req.getHeader("Accept"), "text/event-stream")) {
            error(res, 406, JsonRpc.SERVER_ERROR, "Not Acceptable: a GET stream needs Accept: text/event-stream");
            return;
        }
        McpSession session = session(req, res, service, user);
        if (session == null) {
            return;
        }
        GetStream stream = new GetStream(res, session.newStreamId(), limits);
        res.closeHandler(v -> session.getStreamClosed(stream));
        if (!session.openGetStream(stream)) {
            error(res, 409, JsonRpc.SERVER_ERROR, "Conflict: this session already has a GET stream");
            return;
        }
        stream.open();
    }

    private void delete(HttpServerRequest req, HttpServerResponse res, String service, String user) {
        McpSession session = session(req, res, service, user);
        if (session != null) {
            sessions.end(session, "ended by the client");
            LOG.info("event=mcp_session_deleted service={} user={}", service, user);
            res.setStatusCode(204).end();
        }
    }

    /** The caller's session, or null after writing 400 (no header) or 404 (unknown, ended, another user's). */
    private McpSession session(HttpServerRequest req, HttpServerResponse res, String service, String user) {
        String id = req.getHeader("Mcp-Session-Id");
        if (id == null) {
            error(res, 400, JsonRpc.SERVER_ERROR, "Bad Request: Mcp-Session-Id header is required");
            return null;
        }
        McpSession session = sessions.find(id, user, service);
        if (session == null) {
            error(res, 404, JsonRpc.SESSION_NOT_FOUND, "Session not found");
        }
        return session;
    }

    private void send(String service, McpSession session, ObjectNode message, MessageSink sink, Consumer<Exchange> done) {
        var running = services.find(service);
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(McpExchange.SESSION, session);
        if (sink != null) {
            exchange.setProperty(McpExchange.SINK, sink);
        }
        exchange.getMessage().setBody(message);
        if (running.isEmpty()) {
            exchange.setException(new ServiceUnavailableException(service, "removed"));
            done.accept(exchange);
            return;
        }
        running.get().route().process(exchange, doneSync -> done.accept(exchange));
    }

    private void failed(HttpServerResponse res, McpSession session, Exception e, PostReply reply, JsonNode id) {
        if (e instanceof SessionLimitException || e instanceof ServiceUnavailableException) {
            unavailable(res, "Service Unavailable: " + e.getMessage());
        } else if (session.ended()) {
            error(res, 404, JsonRpc.SESSION_NOT_FOUND, "Session not found");
        } else {
            LOG.warn("event=mcp_route_failed service={} error={}", session.service(), e.toString());
            if (reply != null) {
                reply.complete(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Internal error"));
            } else {
                error(res, 500, JsonRpc.INTERNAL_ERROR, "Internal error");
            }
        }
    }

    private void unavailable(HttpServerResponse res, String message) {
        res.putHeader("Retry-After", Integer.toString(retryAfterSeconds));
        error(res, 503, JsonRpc.SERVER_ERROR, message);
    }

    /** 413 without reading further; the connection is closed once the answer is out. */
    private void tooLarge(HttpServerRequest req, HttpServerResponse res) {
        errorAndClose(req, res, 413, "Payload Too Large: the limit is " + maxBodyBytes + " bytes");
    }

    /** A transport-level error after which the connection is closed (the rest of the body is never read). */
    private static void errorAndClose(HttpServerRequest req, HttpServerResponse res, int status, String message) {
        boolean http2 = req.version() == io.vertx.core.http.HttpVersion.HTTP_2;
        if (res.ended() || res.closed() || res.headWritten()) {
            if (http2) {
                res.reset();
            } else {
                req.connection().close();
            }
            return;
        }
        res.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                .end(Json.write(JsonRpc.error(null, JsonRpc.SERVER_ERROR, message)))
                .onComplete(done -> {
                    if (!http2) {
                        req.connection().close(); // the rest of an HTTP/1.x body is never read
                    }
                });
    }

    /** A transport-level error: HTTP {@code status}, a JSON-RPC error body without an id. */
    static void error(HttpServerResponse res, int status, int code, String message) {
        if (res.ended() || res.closed() || res.headWritten()) {
            return;
        }
        res.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(JsonRpc.error(null, code, message)));
    }

    /** The declared body length; -1 when absent or unreadable (then the body is counted as it arrives). */
    private static long declaredLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            return Math.max(-1, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

}
