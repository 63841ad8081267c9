package io.mcpgw.mcp.scaleout;

import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.session.SessionIds;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.mcp.transport.SessionRouting;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a request for an MCP session on the replica that runs it: a reverse-proxy hop over the owner's internal URL
 * ({@code GATEWAY_INTERNAL_URL}), body and response streamed both ways (SSE included), signed with
 * {@link HopSignature}.
 *
 * <p>Rules it enforces:
 * <ul>
 *   <li>A request without {@code Mcp-Session-Id}, or for a session this replica runs, is served here without a store
 *       lookup (initialize always opens the session on the replica it lands on).</li>
 *   <li>A {@value HopSignature#HEADER} header is removed from every request before anything else reads it; a valid
 *       one means another replica forwarded it, and it is served here, never forwarded again (no loop). If this
 *       replica was recorded as the owner but no longer runs the session (it restarted), the record is removed.</li>
 *   <li>Otherwise the owner is looked up in the store: no record, or this replica, is served here (404 for an unknown
 *       session); another replica gets the request with every header (the bearer token included: the owner checks it
 *       itself, and no identity is taken from the hop) except the hop-by-hop ones, and the {@code Host} the client
 *       used.</li>
 *   <li>An owner that cannot be reached is gone: its record is removed and the request is served here, so the client
 *       gets 404 for the session and re-initializes. A store that is down answers 503 with {@code Retry-After}.</li>
 * </ul>
 */
public final class OwnerForwarder implements SessionRouting {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerForwarder.class);
    static final String SESSION_HEADER = "Mcp-Session-Id";
    /** RFC 9110 §7.6.1 connection-specific fields, never forwarded; Host is set to the client's own. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            HopSignature.HEADER.toLowerCase(Locale.ROOT));

    private final SessionRegistry sessions;
    private final SessionOwnership ownership;
    private final HopSignature signature;
    private final HttpClient client;
    private final int retryAfterSeconds;

    public OwnerForwarder(Vertx vertx, SessionRegistry sessions, SessionOwnership ownership, HopSignature signature,
                          int retryAfterSeconds) {
        this.sessions = sessions;
        this.ownership = ownership;
        this.signature = signature;
        this.retryAfterSeconds = retryAfterSeconds;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout(2_000)
                        .setKeepAlive(true)
                        .setTrustAll(false),
                new PoolOptions().setHttp1MaxSize(512));
    }

    @Override
    public void route(RoutingContext ctx, Runnable local) {
        HttpServerRequest req = ctx.request();
        String hop = req.getHeader(HopSignature.HEADER);
        if (hop != null) {
            req.headers().remove(HopSignature.HEADER);
        }
        String id = req.getHeader(SESSION_HEADER);
        if (id == null || !SessionIds.wellFormed(id) || sessions.hosts(id)) {
            local.run();
            return;
        }
        if (hop != null && signature.verify(hop, req.method().name(), req.uri(), id)) {
            ctx.vertx().executeBlocking(() -> ownership.removeIfOwnedBy(id, ownership.self()), false)
                    .onComplete(removed -> {
                        if (removed.succeeded() && removed.result()) {
                            LOG.info("event=stale_owner_record_removed reason=\"this replica no longer runs it\"");
                        }
                        local.run();
                    });
            pause(req);
            return;
        }
        pause(req);
        ctx.vertx().executeBlocking(() -> ownership.owner(id), false).onComplete(found -> {
            if (found.failed()) {
                LOG.warn("event=store_unavailable step=owner_lookup");
                SessionRouting.refuse(ctx, 503, JsonRpc.SERVER_ERROR,
                        "Service Unavailable: the gateway's state store is not reachable; retry shortly",
                        retryAfterSeconds);
                return;
            }
            Optional<String> owner = found.result();
            if (owner.isEmpty() || owner.get().equals(ownership.self())) {
                local.run();
            } else {
                forward(ctx, owner.get(), id, local);
            }
        });
    }

    private static void pause(HttpServerRequest req) {
        if (!req.isEnded()) {
            req.pause();
        }
    }

    private void forward(RoutingContext ctx, String owner, String id, Runnable local) {
        HttpServerRequest in = ctx.request();
        HttpServerResponse out = ctx.response();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        in.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        String host = in.headers().get("Host");
        if (host != null) {
            headers.set("Host", host);
        }
        headers.set(HopSignature.HEADER, signature.sign(in.method().name(), in.uri(), id));
        RequestOptions options = new RequestOptions().setMethod(in.method()).setAbsoluteURI(owner + in.uri())
                .setHeaders(headers);
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                ownerGone(ctx, owner, id, local, opened.cause());
                return;
            }
            HttpClientRequest hop = opened.result();
            out.closeHandler(v -> hop.reset());
            (in.isEnded() ? hop.send() : hop.send(in)).onComplete(answered -> {
                if (answered.failed()) {
                    LOG.warn("event=forward_failed owner={} reason=\"{}\"", owner, answered.cause().getMessage());
                    if (!out.headWritten()) {
                        SessionRouting.refuse(ctx, 502, JsonRpc.SERVER_ERROR,
                                "Bad Gateway: the gateway running this session stopped answering; retry", 1);
                    } else {
                        out.reset();
                    }
                    return;
                }
                relay(answered.result(), out);
            });
        });
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse out) {
        out.setStatusCode(answer.statusCode());
        answer.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(h.getKey(), h.getValue());
            }
        });
        if (answer.getHeader("Content-Length") == null) {
            out.setChunked(true);
        }
        answer.pipeTo(out).onFailure(e -> out.reset());
    }

    /** The owner refused the connection or did not answer it: it is gone, and so is its session. */
    private void ownerGone(RoutingContext ctx, String owner, String id, Runnable local, Throwable cause) {
        LOG.warn("event=session_owner_gone owner={} reason=\"{}\"", owner, cause.getMessage());
        ctx.vertx().executeBlocking(() -> ownership.removeIfOwnedBy(id, owner), false)
                .onComplete(removed -> local.run());
    }

    /** Closes the client's connections to the other replicas. */
    public void close() {
        client.close();
    }
}
