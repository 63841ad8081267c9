package io.mcpgw.mcp.transport;

import io.mcpgw.http.HtmlSecurityHeaders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.service.ServiceUnavailableException;
import io.mcpgw.mcp.session.McpExchange;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.SessionLimitException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the answer of an MCP route to the Vert.x response once the route is done, in this order: the answer a
 * step decided on (an error, the guard's denial verbatim, a batch's responses, or nothing when the step wrote the
 * response itself); a failure of the route (503 + {@code Retry-After} for a cap or an unavailable service, 404 for an
 * ended session, else JSON-RPC -32603); the backend's response to a request (JSON, or the end of the SSE stream the
 * request's reply already is); 202 for a notification or a client response. A request the route stopped without a
 * response is answered with JSON-RPC {@value JsonRpc#REFUSED}. Headers the route set are copied to the response
 * through the gateway's header filter strategy (request headers never are). An {@code initialize} is settled here:
 * the session is established on a result and ended otherwise.
 */
public final class ReplyWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyWriter.class);

    private final HeaderFilterStrategy headers;
    private final int retryAfterSeconds;

    public ReplyWriter(HeaderFilterStrategy headers, int retryAfterSeconds) {
        this.headers = headers;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    void write(Exchange exchange) {
        RoutingContext ctx = McpHttpExchange.context(exchange);
        HttpServerResponse res = ctx.response();
        McpSession session = exchange.getProperty(McpExchange.SESSION, McpSession.class);
        ObjectNode message = exchange.getProperty(McpHttpExchange.MESSAGE, ObjectNode.class);
        McpHttpExchange.Outcome outcome = exchange.getProperty(McpHttpExchange.OUTCOME, McpHttpExchange.Outcome.class);
        Exception failure = McpExchange.failure(exchange);
        ObjectNode response = response(exchange, message);
        if (exchange.getProperty(McpExchange.INITIALIZE, false, Boolean.class)) {
            settleInitialize(session, failure == null && outcome == null ? response : null);
        }
        boolean unreadBody = ctx.request().method() == HttpMethod.POST
                && !exchange.getProperty(McpHttpExchange.BODY_READ, false, Boolean.class);
        if (!(outcome instanceof McpHttpExchange.Written)) {
            copyRouteHeaders(exchange, res);
        }
        if (outcome instanceof McpHttpExchange.Failure f) {
            f.headers().forEach(res::putHeader);
            if (unreadBody || "close".equalsIgnoreCase(f.headers().get("Connection"))) {
                errorAndClose(ctx.request(), res, f.status(), f.code(), f.message());
            } else {
                error(res, f.status(), f.code(), f.message());
            }
        } else if (outcome instanceof McpHttpExchange.Denied d) {
            if (!res.headWritten()) {
                res.setStatusCode(d.denial().status());
                d.denial().headers().forEach(res::putHeader);
                if (d.denial().contentType() != null) {
                    res.putHeader("Content-Type", d.denial().contentType());
                }
                if (HtmlSecurityHeaders.isHtml(d.denial().contentType())) {
                    HtmlSecurityHeaders.apply(res::putHeader);
                }
                res.end(d.denial().body() == null ? "" : d.denial().body()).onComplete(done -> {
                    if (unreadBody) {
                        closeUnlessHttp2(ctx.request()); // a body never read must not be taken for the next request
                    }
                });
            }
        } else if (outcome instanceof McpHttpExchange.Batch b) {
            if (res.ended() || res.closed()) {
                return;
            }
            if (b.body() == null) {
                res.setStatusCode(202).end();
            } else {
                res.setStatusCode(200).putHeader("Content-Type", "application/json").end(Buffer.buffer(b.body()));
            }
        } else if (outcome == null && failure != null) {
            failed(res, session, failure, exchange.getProperty(McpHttpExchange.REPLY, PostReply.class),
                    message == null ? null : message.get("id"));
        } else if (outcome == null) {
            answer(exchange, res, message, response);
        }
    }

    /** The answer of one message of a batch, or null for a notification or a client response. */
    static ObjectNode elementAnswer(Exchange exchange, ObjectNode message) {
        if (JsonRpc.kind(message) != JsonRpc.Kind.REQUEST) {
            return null;
        }
        if (McpExchange.failure(exchange) != null) {
            return JsonRpc.error(message.get("id"), JsonRpc.INTERNAL_ERROR, "Internal error");
        }
        ObjectNode response = response(exchange, message);
        return response != null ? response : refused(message);
    }

    private void answer(Exchange exchange, HttpServerResponse res, ObjectNode message, ObjectNode response) {
        if (message == null || JsonRpc.kind(message) != JsonRpc.Kind.REQUEST) {
            if (!res.ended() && !res.closed()) {
                res.setStatusCode(202).end();
            }
            return;
        }
        PostReply reply = exchange.getProperty(McpHttpExchange.REPLY, PostReply.class);
        reply.complete(response != null ? response : refused(message));
    }

    private static ObjectNode refused(ObjectNode message) {
        return JsonRpc.error(message.get("id"), JsonRpc.REFUSED, "Refused by the service's route");
    }

    /** The backend's answer in the body, or null when the route ended without one. */
    private static ObjectNode response(Exchange exchange, ObjectNode message) {
        Object body = exchange.getMessage().getBody();
        return body instanceof ObjectNode o && o != message && JsonRpc.kind(o) == JsonRpc.Kind.RESPONSE ? o : null;
    }

    private static void settleInitialize(McpSession session, ObjectNode response) {
        if (session == null) {
            return;
        }
        if (response != null && response.has("result")) {
            session.negotiated(response.at("/result/protocolVersion").asText(null));
            session.markEstablished();
            LOG.info("event=mcp_session_started service={} user={}", session.service(), session.userId());
        } else {
            session.terminate(response == null ? "initialize failed" : "initialize rejected by the server");
        }
    }

    private void failed(HttpServerResponse res, McpSession session, Exception e, PostReply reply, JsonNode id) {
        if (e instanceof SessionLimitException || e instanceof ServiceUnavailableException) {
            unavailable(res, "Service Unavailable: " + e.getMessage());
        } else if (session != null && session.ended()) {
            error(res, 404, JsonRpc.SESSION_NOT_FOUND, "Session not found");
        } else {
            LOG.warn("event=mcp_route_failed service={} error={}", session == null ? null : session.service(), e.toString());
            if (reply != null) {
                reply.complete(JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Internal error"));
            } else {
                error(res, 500, JsonRpc.INTERNAL_ERROR, "Internal error");
            }
        }
    }

    void unavailable(HttpServerResponse res, String message) {
        res.putHeader("Retry-After", Integer.toString(retryAfterSeconds));
        error(res, 503, JsonRpc.SERVER_ERROR, message);
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Headers a step of the route set (not the request's own), through the gateway's header filter strategy. */
    void copyRouteHeaders(Exchange exchange, HttpServerResponse res) {
        if (res.headWritten()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> inbound = exchange.getProperty(McpHttpExchange.INBOUND, Set.class);
        for (Map.Entry<String, Object> h : exchange.getMessage().getHeaders().entrySet()) {
            String name = h.getKey();
            if (h.getValue() == null || (inbound != null && inbound.contains(name.toLowerCase(java.util.Locale.ROOT)))
                    || headers.applyFilterToCamelHeaders(name, h.getValue(), exchange)) {
                continue;
            }
            res.putHeader(name, String.valueOf(h.getValue()));
        }
    }

    /** A transport-level error after which the connection is closed (the rest of the body is never read). */
    static void errorAndClose(HttpServerRequest req, HttpServerResponse res, int status, int code, String message) {
        if (res.ended() || res.closed() || res.headWritten()) {
            if (req.version() == HttpVersion.HTTP_2) {
                res.reset();
            } else {
                req.connection().close();
            }
            return;
        }
        res.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                .end(Json.write(JsonRpc.error(null, code, message)))
                .onComplete(done -> closeUnlessHttp2(req));
    }

    private static void closeUnlessHttp2(HttpServerRequest req) {
        if (req.version() != HttpVersion.HTTP_2 && !req.isEnded()) {
            req.connection().close();
        }
    }

    /** A transport-level error: HTTP {@code status}, a JSON-RPC error body without an id. */
    static void error(HttpServerResponse res, int status, int code, String message) {
        if (res.ended() || res.closed() || res.headWritten()) {
            return;
        }
        res.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(Json.write(JsonRpc.error(null, code, message)));
    }
}
