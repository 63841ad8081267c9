package io.mcpgw.mcp.transport;

import io.mcpgw.routes.BeanNames;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import io.mcpgw.mcp.service.McpServices;
import io.mcpgw.mcp.service.ServiceRuntime;
import io.mcpgw.mcp.session.McpExchange;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.SessionLimitException;
import io.mcpgw.mcp.session.SessionRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route step {@code mcpSession}: binds the message to its session (MCP transports §2.5).
 * <ul>
 *   <li>POST {@code initialize}: opens a session for the user (503 + {@code Retry-After} at a cap or when the
 *       service cannot run here); the backend starts with this message.</li>
 *   <li>other POSTs: the {@code Mcp-Session-Id} header must name an established session of this user on this
 *       service (400 when missing, 404 when unknown, ended or another user's).</li>
 *   <li>a batch: each element goes through the route on its own exchange (the request-level steps pass it, the
 *       service's steps and the backend see one message), and the responses are answered together.</li>
 *   <li>GET opens the session's event stream (406 without {@code Accept: text/event-stream}, 409 when one is
 *       open); DELETE ends the session (204). Both end the route here.</li>
 *   <li>GET with {@code Last-Event-ID} in a resumable session (2025-11-25) resumes the stream that event belongs to
 *       (a POST's or the GET stream): the kept events after it, then the live ones. 400 when the header is not an
 *       event id of this session's streams, or that stream is no longer kept; 409 when it names a GET stream other
 *       than the one open. In an older session the header is ignored, as before.</li>
 * </ul>
 */
public final class SessionStep extends AsyncProcessorSupport {
    public static final String BEAN = BeanNames.MCP_SESSION;
    private static final Logger LOG = LoggerFactory.getLogger(SessionStep.class);

    private final McpServices services;
    private final SessionRegistry sessions;
    private final PostLimits limits;
    private final int retryAfterSeconds;

    public SessionStep(McpServices services, SessionRegistry sessions, PostLimits limits, int retryAfterSeconds) {
        this.services = services;
        this.sessions = sessions;
        this.limits = limits;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RoutingContext ctx = McpHttpExchange.context(exchange);
        if (ctx != null) {
            HttpServerRequest req = ctx.request();
            String service = exchange.getProperty(McpHttpExchange.SERVICE, String.class);
            String user = exchange.getProperty(McpHttpExchange.USER, String.class);
            if (req.method() == HttpMethod.GET) {
                openStream(exchange, req, ctx.response(), service, user);
            } else if (req.method() == HttpMethod.DELETE) {
                delete(exchange, req, ctx.response(), service, user);
            } else if (exchange.getMessage().getBody() instanceof ArrayNode batch) {
                McpSession session = session(exchange, req, service, user);
                if (session != null) {
                    return batch(exchange, session, batch, callback);
                }
            } else {
                post(exchange, ctx, service, user);
            }
        }
        callback.done(true);
        return true;
    }

    private void post(Exchange exchange, RoutingContext ctx, String service, String user) {
        ObjectNode message = exchange.getProperty(McpHttpExchange.MESSAGE, ObjectNode.class);
        boolean request = JsonRpc.kind(message) == JsonRpc.Kind.REQUEST;
        McpSession session;
        String replySessionId = null;
        if (request && "initialize".equals(JsonRpc.method(message))) {
            session = open(exchange, service, user);
            if (session == null) {
                return;
            }
            exchange.setProperty(McpExchange.INITIALIZE, true);
            replySessionId = session.id();
        } else {
            session = session(exchange, ctx.request(), service, user);
            if (session == null) {
                return;
            }
        }
        exchange.setProperty(McpExchange.SESSION, session);
        if (request) {
            PostReply reply = new PostReply(ctx.response(), session.newStreamId(), replySessionId, limits, session);
            exchange.setProperty(McpHttpExchange.REPLY, reply);
            if (Accept.explicitly(ctx.request().getHeader("Accept"), "text/event-stream")) {
                exchange.setProperty(McpExchange.SINK, reply);
                reply.primeAfter(ctx.vertx(), limits.ssePrimeAfter());
            }
        }
    }

    private McpSession open(Exchange exchange, String service, String user) {
        Optional<ServiceRuntime> running = services.find(service);
        if (running.isEmpty()) {
            McpHttpExchange.answer(exchange, 404, JsonRpc.SERVER_ERROR, "Not Found: no MCP service " + service);
            return null;
        }
        if (running.get().unavailable().isPresent()) {
            unavailable(exchange, "Service Unavailable: MCP service " + service + " is not available on this gateway");
            return null;
        }
        try {
            return sessions.open(user, service);
        } catch (SessionLimitException e) {
            unavailable(exchange, "Service Unavailable: " + e.getMessage());
            return null;
        }
    }

    private boolean batch(Exchange exchange, McpSession session, ArrayNode batch, AsyncCallback callback) {
        int size = batch.size();
        int requests = 0;
        for (int i = 0; i < size; i++) {
            requests += JsonRpc.kind(batch.get(i)) == JsonRpc.Kind.REQUEST ? 1 : 0;
        }
        BatchReply replies = new BatchReply(requests, limits.maxResponseBytes());
        boolean anyRequest = requests > 0;
        AtomicInteger remaining = new AtomicInteger(size);
        // The elements enter the route one after the other, in batch order, from a task of their own: started from
        // inside this step, Camel would schedule them last-in first-out (the in-flight cap would then refuse the first).
        McpHttpExchange.context(exchange).vertx().runOnContext(v -> {
            int slot = 0;
            for (int i = 0; i < size; i++) {
                ObjectNode element = (ObjectNode) batch.get(i);
                int index = JsonRpc.kind(element) == JsonRpc.Kind.REQUEST ? slot++ : -1;
                Exchange one = element(exchange, session, element);
                McpHttpExchange.route(exchange).process(one, doneSync -> {
                    if (index >= 0) {
                        replies.put(index, ReplyWriter.elementAnswer(one, element), element.get("id"));
                    }
                    if (remaining.decrementAndGet() == 0) {
                        McpHttpExchange.answer(exchange, new McpHttpExchange.Batch(anyRequest ? replies.body() : null));
                        callback.done(false);
                    }
                });
            }
        });
        return false;
    }

    /** The exchange of one element of a batch: the request-level steps let it pass (its request passed them). */
    private static Exchange element(Exchange batch, McpSession session, ObjectNode element) {
        Exchange one = new DefaultExchange(batch.getContext());
        one.getMessage().setHeaders(new java.util.HashMap<>(batch.getMessage().getHeaders()));
        one.getMessage().setBody(element);
        one.setProperty(McpHttpExchange.BATCH_ELEMENT, true);
        one.setProperty(McpHttpExchange.SERVICE, batch.getProperty(McpHttpExchange.SERVICE));
        one.setProperty(McpHttpExchange.USER, batch.getProperty(McpHttpExchange.USER));
        one.setProperty(McpExchange.SESSION, session);
        return one;
    }

    private void openStream(Exchange exchange, HttpServerRequest req, HttpServerResponse res, String service, String user) {
        if (!Accept.explicitly(req.getHeader("Accept"), "text/event-stream")) {
            McpHttpExchange.answer(exchange, 406, JsonRpc.SERVER_ERROR,
                    "Not Acceptable: a GET stream needs Accept: text/event-stream");
            return;
        }
        McpSession session = session(exchange, req, service, user);
        if (session == null) {
            return;
        }
        String lastEventId = req.getHeader("Last-Event-ID");
        if (lastEventId != null && session.resumable()) {
            resume(exchange, res, session, lastEventId);
            return;
        }
        GetStream stream = new GetStream(res, session.newStreamId(), limits, session.resumable());
        res.closeHandler(v -> {
            if (stream.detach(res)) {
                session.getStreamClosed(stream);
            }
        });
        if (!session.openGetStream(stream)) {
            McpHttpExchange.answer(exchange, 409, JsonRpc.SERVER_ERROR, "Conflict: this session already has a GET stream");
            return;
        }
        stream.open();
        if (session.resumable()) {
            session.keepForResumption(stream);
        }
        McpHttpExchange.answer(exchange, new McpHttpExchange.Written());
    }

    /** A GET with {@code Last-Event-ID}: the stream that event belongs to goes on on this connection. */
    private void resume(Exchange exchange, HttpServerResponse res, McpSession session, String header) {
        Optional<LastEventId> id = LastEventId.parse(header).filter(e -> session.ownsStreamId(e.streamId()));
        if (id.isEmpty()) {
            LOG.info("event=sse_resume_refused service={} reason=not_an_event_id_of_this_session", session.service());
            McpHttpExchange.answer(exchange, 400, JsonRpc.SERVER_ERROR,
                    "Bad Request: Last-Event-ID is not the id of an event of this session");
            return;
        }
        io.mcpgw.mcp.session.ResumableStream kept = session.resumableStream(id.get().streamId());
        long seq = id.get().seq();
        if (kept instanceof GetStream get && get.issued(seq)) {
            int replayed;
            // one step for other requests of the session: a plain GET arriving while the replay is written (its
            // headers are already out) must find the resumed stream registered, not a free slot (then 409)
            synchronized (session) {
                if (!session.getStreamFree(get)) {
                    McpHttpExchange.answer(exchange, 409, JsonRpc.SERVER_ERROR,
                            "Conflict: this session already has another GET stream");
                    return;
                }
                res.closeHandler(v -> {
                    if (get.detach(res)) {
                        session.getStreamClosed(get);
                    }
                });
                replayed = get.resume(seq, res);
                session.openGetStream(get); // the messages kept while no GET stream was open follow the replay
            }
            LOG.info("event=sse_resumed service={} stream=get replayed={}", session.service(), replayed);
        } else if (kept instanceof PostReply post && post.resume(seq, res, null)) {
            LOG.info("event=sse_resumed service={} stream=post", session.service());
        } else {
            LOG.info("event=sse_resume_refused service={} reason=stream_not_kept", session.service());
            McpHttpExchange.answer(exchange, 400, JsonRpc.SERVER_ERROR, "Bad Request: the events after this "
                    + "Last-Event-ID are no longer kept (the replay buffer of a stream is bounded in bytes and time); "
                    + "open the stream again without Last-Event-ID");
            return;
        }
        McpHttpExchange.answer(exchange, new McpHttpExchange.Written());
    }

    private void delete(Exchange exchange, HttpServerRequest req, HttpServerResponse res, String service, String user) {
        McpSession session = session(exchange, req, service, user);
        if (session != null) {
            sessions.end(session, "ended by the client");
            LOG.info("event=mcp_session_deleted service={} user={}", service, user);
            res.setStatusCode(204).end();
            McpHttpExchange.answer(exchange, new McpHttpExchange.Written());
        }
    }

    /** The caller's session, or null after answering 400 (no header) or 404 (unknown, ended, another user's). */
    private McpSession session(Exchange exchange, HttpServerRequest req, String service, String user) {
        String id = req.getHeader("Mcp-Session-Id");
        if (id == null) {
            McpHttpExchange.answer(exchange, 400, JsonRpc.SERVER_ERROR, "Bad Request: Mcp-Session-Id header is required");
            return null;
        }
        McpSession session = sessions.find(id, user, service);
        if (session == null) {
            McpHttpExchange.answer(exchange, 404, JsonRpc.SESSION_NOT_FOUND, "Session not found");
        }
        return session;
    }

    private void unavailable(Exchange exchange, String message) {
        McpHttpExchange.answer(exchange, new McpHttpExchange.Failure(503, JsonRpc.SERVER_ERROR, message,
                java.util.Map.of("Retry-After", Integer.toString(retryAfterSeconds))));
    }
}
