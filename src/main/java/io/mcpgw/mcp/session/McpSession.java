package io.mcpgw.mcp.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.mcpgw.mcp.jsonrpc.JsonRpc;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP session: bound to one user and one service, owning one backend: a stdio child, or a service implemented
 * in the gateway ({@link McpBackend}); "child" below means either.
 *
 * <p>Rules it enforces:
 * <ul>
 *   <li>client request ids are replaced by per-session gateway ids before they reach the child and restored on the
 *       response, so ids from different clients or retries never collide;</li>
 *   <li>server→client requests get gateway ids ({@code s-<n>}) and the client's responses are mapped back;</li>
 *   <li>a server message that is not a response goes to exactly one stream (transports §2.3): the POST whose
 *       progress token it carries, else the oldest request in flight whose client accepts SSE, else the GET
 *       stream, else a backlog bounded in messages and bytes (oldest dropped, logged) the next GET stream receives
 *       first; list changes
 *       and resource updates concern the whole session and go straight to the GET stream (or backlog);</li>
 *   <li>a request unanswered after the timeout gets -32001 and the child gets {@code notifications/cancelled};</li>
 *   <li>at most {@link SessionContext#maxInFlight()} client requests are in flight; one more is answered at once with
 *       -32000 and never reaches the child;</li>
 *   <li>a response the child writes beyond the message size limit is never buffered: its request is answered with
 *       -32000 naming the limit ({@link #onMessageTooLarge}), and the session goes on;</li>
 *   <li>when the child exits every pending request is answered at once with an error and the session ends.</li>
 *   <li>a session that negotiated 2025-11-25 or later is resumable ({@link #resumable()}): its stream ids carry a
 *       random per-session tag, so an event id of another session is never taken for one of its own; the streams a
 *       client may resume are kept here ({@link #keepForResumption}), those of requests in flight always, at most
 *       {@link #MAX_DETACHED_STREAMS} others whose connection is gone (the oldest forgotten first).</li>
 * </ul>
 */
public final class McpSession implements McpBackend.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(McpSession.class);
    /** The first protocol revision whose SSE streams are resumable with a priming event. */
    static final String FIRST_RESUMABLE_VERSION = "2025-11-25";
    /** Streams kept for resumption whose client connection is gone (besides those of requests in flight). */
    public static final int MAX_DETACHED_STREAMS = 4;

    /** Called once with the response (the client's id restored) or an error in its place. */
    public interface ResponseHandler {
        void onResponse(ObjectNode response);
    }

    private record Pending(long gatewayId, JsonNode clientId, ResponseHandler handler, MessageSink sink,
                           JsonNode progressToken, ScheduledFuture<?> timeout) {
    }

    private final String id;
    private final String userId;
    private final long startedAt;
    private final String service;
    private final SessionContext context;
    private final Consumer<McpSession> onEnded;
    private final AtomicLong requestIds = new AtomicLong();
    private final AtomicLong serverRequestIds = new AtomicLong();
    private final AtomicLong streamIds = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> gatewayIdByClientId = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> serverRequests = new ConcurrentHashMap<>();
    private final ArrayDeque<ObjectNode> backlog = new ArrayDeque<>();
    private final ArrayDeque<Integer> backlogSizes = new ArrayDeque<>();
    private long backlogBytes;
    private volatile McpBackend process;
    private volatile MessageSink getStream;
    private volatile boolean ended;
    private volatile boolean established;
    private volatile boolean resumable;
    /** Random per-session prefix of stream ids once resumable; null before. */
    private volatile String streamTag;
    /** Streams a client may resume, oldest first; null until the first one (an idle session allocates nothing). */
    private java.util.LinkedHashMap<String, ResumableStream> resumableStreams;
    private volatile long lastActivityNanos = System.nanoTime();
    private final long openedAt = System.currentTimeMillis() / 1000;

    McpSession(String id, String userId, String service, SessionContext context, Consumer<McpSession> onEnded) {
        this.startedAt = java.time.Instant.now().getEpochSecond();
        this.id = id;
        this.userId = userId;
        this.service = service;
        this.context = context;
        this.onEnded = onEnded;
    }

    public String id() {
        return id;
    }

    /** Epoch second the session was opened. */
    public long startedAt() {
        return startedAt;
    }

    public String userId() {
        return userId;
    }

    public String service() {
        return service;
    }

    /** Epoch second the session was opened. */
    public long openedAt() {
        return openedAt;
    }

    public boolean ended() {
        return ended;
    }

    /** True once {@code initialize} was answered with a result; only then is the session visible to lookups. */
    public boolean established() {
        return established;
    }

    public void markEstablished() {
        established = true;
    }

    /**
     * Records the protocol revision {@code initialize} settled on: from 2025-11-25 on, the session's SSE streams are
     * primed with an event id and kept for resumption with {@code Last-Event-ID}.
     */
    public void negotiated(String protocolVersion) {
        if (protocolVersion != null && protocolVersion.compareTo(FIRST_RESUMABLE_VERSION) >= 0) {
            streamTag = Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt() & Integer.MAX_VALUE, 36);
            resumable = true;
        }
    }

    /** True when the session's SSE streams are primed and resumable (negotiated 2025-11-25 or later). */
    public boolean resumable() {
        return resumable;
    }

    /** A new SSE stream id, unique in this session: {@code <n>}, or {@code <tag>-<n>} once resumable. */
    public String newStreamId() {
        String n = Long.toString(streamIds.incrementAndGet());
        String tag = streamTag;
        return tag == null ? n : tag + "-" + n;
    }

    /** True when {@code streamId} has the form of one of this session's resumable stream ids. */
    public boolean ownsStreamId(String streamId) {
        String tag = streamTag;
        return tag != null && streamId != null && streamId.startsWith(tag + "-");
    }

    /** Keeps {@code stream} so a client can resume it; forgets spent streams and the oldest detached beyond the cap. */
    public synchronized void keepForResumption(ResumableStream stream) {
        if (ended) {
            return;
        }
        if (resumableStreams == null) {
            resumableStreams = new java.util.LinkedHashMap<>();
        }
        resumableStreams.put(stream.streamId(), stream);
        prune(System.nanoTime());
    }

    /** The kept stream {@code streamId}; null when unknown, forgotten or spent. */
    public synchronized ResumableStream resumableStream(String streamId) {
        if (resumableStreams == null) {
            return null;
        }
        prune(System.nanoTime());
        return resumableStreams == null ? null : resumableStreams.get(streamId);
    }

    /** Forgets {@code stream} (its last event reached the client). */
    public synchronized void forgetStream(ResumableStream stream) {
        if (resumableStreams != null && resumableStreams.remove(stream.streamId(), stream) && resumableStreams.isEmpty()) {
            resumableStreams = null;
        }
    }

    /** How many streams are kept for resumption (for tests and measurements). */
    public synchronized int keptStreams() {
        return resumableStreams == null ? 0 : resumableStreams.size();
    }

    /** How many of the kept streams sent their last event, kept for a resume (for tests and measurements). */
    public synchronized int finishedKeptStreams() {
        return resumableStreams == null ? 0
                : (int) resumableStreams.values().stream().filter(ResumableStream::finished).count();
    }

    private void prune(long now) {
        resumableStreams.values().removeIf(s -> s.spent(now));
        long detached = resumableStreams.values().stream().filter(ResumableStream::detached).count();
        var it = resumableStreams.values().iterator();
        while (detached > MAX_DETACHED_STREAMS && it.hasNext()) {
            ResumableStream s = it.next();
            if (s.detached() && s != getStream) {
                it.remove();
                detached--;
                LOG.debug("event=sse_stream_forgotten service={} reason=too_many_detached", service);
            }
        }
        if (resumableStreams.isEmpty()) {
            resumableStreams = null;
        }
    }

    /** The session's backend; null until the first message (initialize) started it. */
    public McpBackend backend() {
        return process;
    }

    /** Binds the backend started for this session; a session owns exactly one. */
    public void attach(McpBackend child) {
        if (process != null) {
            throw new IllegalStateException("session already has a child");
        }
        process = child;
        if (ended) {
            child.close(context.killGrace(), context.reaper());
        }
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** A session with a request in flight is not idle, however long the call takes. */
    boolean busy() {
        return !pending.isEmpty();
    }

    long idleNanos(long now) {
        return now - lastActivityNanos;
    }

    /** True when {@code sink} could be (re)opened as the GET stream: none is open, or it is this one. */
    public synchronized boolean getStreamFree(MessageSink sink) {
        return !ended && (getStream == null || getStream == sink);
    }

    /** Sends a client request to the child; {@code handler} gets the response, a timeout or a crash error. */
    public void request(ObjectNode message, MessageSink sink, ResponseHandler handler) {
        JsonNode clientId = message.get("id");
        if (ended) {
            handler.onResponse(JsonRpc.error(clientId, JsonRpc.SERVER_ERROR, "Session ended"));
            return;
        }
        if (pending.size() >= context.maxInFlight()) {
            LOG.warn("event=session_in_flight_limit service={} limit={}", service, context.maxInFlight());
            handler.onResponse(JsonRpc.error(clientId, JsonRpc.SERVER_ERROR, "Too many requests in flight on this "
                    + "session (limit " + context.maxInFlight() + "); wait for answers before sending more"));
            return;
        }
        long gatewayId = requestIds.incrementAndGet();
        JsonNode token = message.at("/params/_meta/progressToken");
        ScheduledFuture<?> timeout = context.scheduler().schedule(() -> timedOut(gatewayId),
                context.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        Pending p = new Pending(gatewayId, clientId, handler, sink, token.isMissingNode() ? null : token, timeout);
        pending.put(gatewayId, p);
        gatewayIdByClientId.put(idKey(clientId), gatewayId);
        message.set("id", LongNode.valueOf(gatewayId));
        try {
            process.send(message);
            if (sink != null) {
                sink.requestSent();
            }
        } catch (IOException | RuntimeException e) {
            fail(gatewayId, JsonRpc.SERVER_ERROR, "MCP server is not reachable");
        } finally {
            message.set("id", clientId);
        }
    }

    /** Sends a client notification; a {@code notifications/cancelled} gets the gateway id of the request it names. */
    public void notify(ObjectNode message) throws IOException {
        if ("notifications/cancelled".equals(JsonRpc.method(message)) && message.get("params") instanceof ObjectNode params) {
            JsonNode requestId = params.get("requestId");
            Long gatewayId = requestId == null ? null : gatewayIdByClientId.get(idKey(requestId));
            if (gatewayId == null) {
                return; // nothing in flight under that id: the child would not know it either
            }
            ObjectNode copy = message.deepCopy();
            ((ObjectNode) copy.get("params")).set("requestId", LongNode.valueOf(gatewayId));
            process.send(copy);
            return;
        }
        process.send(message);
    }

    /** Sends the client's response to a server→client request; false when no such request is open. */
    public boolean respond(ObjectNode message) throws IOException {
        JsonNode gatewayId = message.get("id");
        JsonNode childId = gatewayId == null || !gatewayId.isTextual() ? null : serverRequests.remove(gatewayId.textValue());
        if (childId == null) {
            return false;
        }
        ObjectNode copy = message.deepCopy();
        copy.set("id", childId);
        process.send(copy);
        return true;
    }

    /**
     * Opens the GET stream: backlog first. False when another one is open (a session has at most one, as the
     * reference SDK does); opening the same stream again (a client resuming it) is allowed.
     */
    public synchronized boolean openGetStream(MessageSink sink) {
        if (ended || (getStream != null && getStream != sink)) {
            return false;
        }
        while (!backlog.isEmpty()) {
            if (!sink.deliver(backlog.peekFirst())) {
                return false;
            }
            dropOldestBacklog();
        }
        getStream = sink;
        return true;
    }

    public synchronized void getStreamClosed(MessageSink sink) {
        if (getStream == sink) {
            getStream = null;
        }
    }

    @Override
    public void onMessage(ObjectNode message) {
        switch (JsonRpc.kind(message)) {
            case RESPONSE -> completeFromChild(message);
            case REQUEST -> {
                String gatewayId = "s-" + serverRequestIds.incrementAndGet();
                serverRequests.put(gatewayId, message.get("id"));
                message.set("id", TextNode.valueOf(gatewayId));
                route(message);
            }
            case NOTIFICATION -> route(message);
            default -> LOG.debug("event=child_message_invalid service={} session_user={}", service, userId);
        }
    }

    @Override
    public void onExit(int exitCode) {
        if (!ended) {
            LOG.info("event=child_exited service={} user={} exit_code={}", service, userId, exitCode);
        }
        endSession("MCP server exited (exit code " + exitCode + ")");
    }

    @Override
    public void onMessageTooLarge(byte[] head, byte[] tail, int limitBytes) {
        Long gatewayId = OversizeMessage.responseId(head, tail);
        LOG.warn("event=child_message_too_large service={} limit_bytes={} request_matched={}", service, limitBytes,
                gatewayId != null && pending.containsKey(gatewayId));
        if (gatewayId != null) {
            fail(gatewayId, JsonRpc.SERVER_ERROR, "The MCP server's answer is larger than the gateway's limit of "
                    + limitBytes + " bytes per message; ask for less (a smaller file, a page of results)");
        }
    }

    /** Ends the session and its child; pending requests are answered with an error. Idempotent. */
    public CompletableFuture<Void> terminate(String reason) {
        endSession(reason);
        McpBackend child = process;
        return child == null ? CompletableFuture.completedFuture(null) : child.close(context.killGrace(), context.reaper());
    }

    private void endSession(String reason) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            resumableStreams = null;
        }
        for (Long gatewayId : pending.keySet()) {
            fail(gatewayId, JsonRpc.SERVER_ERROR, reason);
        }
        MessageSink stream = getStream;
        if (stream != null) {
            stream.end();
        }
        McpBackend child = process;
        if (child != null) {
            child.close(context.killGrace(), context.reaper());
        }
        onEnded.accept(this);
    }

    private void completeFromChild(ObjectNode response) {
        JsonNode idNode = response.get("id");
        Pending p = idNode != null && idNode.canConvertToLong() ? pending.remove(idNode.longValue()) : null;
        if (p == null) {
            LOG.debug("event=child_response_unmatched service={}", service);
            return;
        }
        finish(p);
        touch();
        response.set("id", p.clientId());
        p.handler().onResponse(response);
    }

    /**
     * The map key of a client's request id: a string id is its text after a quote, a number its digits, so "5" and 5
     * stay apart. Not {@code JsonNode.toString()}: that serializes through Jackson's internal mapper, whose buffers
     * would then stay with the child's reader thread (about 8 KiB per idle session).
     */
    private static String idKey(JsonNode id) {
        if (id.isTextual()) {
            return '"' + id.textValue();
        }
        return id.isNumber() ? id.numberValue().toString() : id.toString();
    }

    private void timedOut(long gatewayId) {
        if (pending.containsKey(gatewayId) && fail(gatewayId, JsonRpc.REQUEST_TIMEOUT, "Request timed out")) {
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            params.put("requestId", gatewayId);
            params.put("reason", "gateway request timeout");
            try {
                process.send(JsonRpc.notification("notifications/cancelled", params));
            } catch (IOException | RuntimeException e) {
                // the child is gone; nothing to cancel
            }
        }
    }

    private boolean fail(long gatewayId, int code, String message) {
        Pending p = pending.remove(gatewayId);
        if (p == null) {
            return false;
        }
        finish(p);
        p.handler().onResponse(JsonRpc.error(p.clientId(), code, message));
        return true;
    }

    private void finish(Pending p) {
        p.timeout().cancel(false);
        gatewayIdByClientId.remove(idKey(p.clientId()), p.gatewayId());
    }

    private void route(ObjectNode message) {
        boolean sessionLevel = isSessionLevel(JsonRpc.method(message));
        if ((!sessionLevel && deliverToPost(message)) || deliverToGetStream(message)) {
            return;
        }
        synchronized (this) {
            MessageSink stream = getStream;
            if (stream != null && stream.deliver(message)) {
                return;
            }
            int size = io.mcpgw.json.Json.write(message).length();
            while (!backlog.isEmpty() && (backlog.size() >= context.backlogLimit()
                    || backlogBytes + size > context.backlogMaxBytes())) {
                dropOldestBacklog();
                LOG.warn("event=session_backlog_full service={} limit={} limit_bytes={}", service,
                        context.backlogLimit(), context.backlogMaxBytes());
            }
            if (size > context.backlogMaxBytes()) {
                LOG.warn("event=session_backlog_message_too_large service={} bytes={}", service, size);
                return;
            }
            backlog.addLast(message);
            backlogSizes.addLast(size);
            backlogBytes += size;
        }
    }

    private void dropOldestBacklog() {
        backlog.pollFirst();
        Integer size = backlogSizes.pollFirst();
        backlogBytes -= size == null ? 0 : size;
    }

    /** List changes and resource updates concern the session, not the request that happens to be in flight. */
    private static boolean isSessionLevel(String method) {
        return method != null && (method.endsWith("/list_changed") || method.equals("notifications/resources/updated"));
    }

    private boolean deliverToPost(ObjectNode message) {
        JsonNode token = "notifications/progress".equals(JsonRpc.method(message))
                ? message.at("/params/progressToken") : null;
        Pending target = null;
        for (Pending p : pending.values()) {
            if (p.sink() == null) {
                continue;
            }
            if (token != null && !token.isMissingNode()) {
                if (token.equals(p.progressToken())) {
                    target = p;
                    break;
                }
            } else if (target == null || p.gatewayId() < target.gatewayId()) {
                target = p;
            }
        }
        return target != null && target.sink().deliver(message);
    }

    private boolean deliverToGetStream(ObjectNode message) {
        MessageSink stream = getStream;
        return stream != null && stream.deliver(message);
    }
}
