package io.mcpgw.http;

import io.mcpgw.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import org.apache.camel.CamelContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link BodyLimits} in front of every route of the platform-http router: a read deadline for every request
 * that has a body, the endpoint's limit on the declared length of the OAuth paths (413 before reading), and one
 * failure handler that answers the 413 of the Camel routes' body reader (a chunked body cut at
 * {@code camel.server.maxBodySize}) as an RFC 6749 error body and closes the connection.
 */
public final class BodyLimitHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(BodyLimitHandlers.class);
    /** Before every Camel route and the MCP handler. */
    static final int ORDER = -10_000;

    private BodyLimitHandlers() {
    }

    /**
     * Installs the handlers on the platform-http router of {@code port} as soon as it exists (the HTTP server is
     * initialised before the routes' consumers start, so no request is served without them).
     */
    public static void installOnStart(CamelContext context, int port) throws Exception {
        PlatformRouterHook.onRouter(context, port, false,
                router -> install(router, router.vertx(), BodyLimits.from(context)));
    }

    /**
     * One handler in front of every route: a request that declares a body longer than its path's limit is refused
     * before a byte is read; a request with a body gets a read deadline. A request without a body (every /verify
     * call) passes after two header look-ups, and the router tests no path for it here.
     */
    public static void install(Router router, Vertx vertx, BodyLimits limits) {
        router.route().order(ORDER).handler(ctx -> admit(ctx, vertx, limits)).failureHandler(BodyLimitHandlers::failed);
    }

    /**
     * A declared length over the path's limit ({@link BodyLimits#limitFor}) is refused before a byte is read. A body
     * without a declared length (chunked) is read by the Camel route's own reader, which cuts it at
     * {@code camel.server.maxBodySize} (a second body reader here would clash with it).
     */
    private static void admit(RoutingContext ctx, Vertx vertx, BodyLimits limits) {
        HttpServerRequest req = ctx.request();
        String length = req.getHeader("Content-Length");
        if (length != null) {
            long limit = limits.limitFor(ctx.normalizedPath());
            if (limit >= 0) {
                long declared;
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    reject(req, ctx.response(), 400, "Content-Length is not a number");
                    return;
                }
                if (declared > limit) {
                    reject(req, ctx.response(), 413, "the request body is larger than this endpoint accepts ("
                            + limit + " bytes)");
                    return;
                }
            }
        }
        if (!req.isEnded() && hasBody(length, req)) {
            readDeadline(ctx, vertx, limits);
        }
        ctx.next();
    }

    private static void readDeadline(RoutingContext ctx, Vertx vertx, BodyLimits limits) {
        HttpServerRequest req = ctx.request();
        long timer = vertx.setTimer(limits.readTimeout().toMillis(), id -> {
            if (!req.isEnded()) {
                LOG.info("event=request_body_timeout path={} timeout_s={}", safePath(req), limits.readTimeout().toSeconds());
                reject(req, ctx.response(), 408, "the request body did not arrive within "
                        + limits.readTimeout().toSeconds() + " s");
            }
        });
        ctx.addEndHandler(v -> vertx.cancelTimer(timer));
    }

    private static void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            reject(ctx.request(), ctx.response(), 413, "the request body is larger than this endpoint accepts");
        } else if (ctx.failure() instanceof HttpClosedException || ctx.response().closed()) {
            // the client went away mid-request (or was disconnected by a limit): nothing to answer, nothing to log
        } else {
            ctx.next();
        }
    }

    /**
     * Answers {@code status} with an RFC 6749 error body (when nothing was sent yet) and closes an HTTP/1.x connection
     * (its unread body must not be taken for the next request; an HTTP/2 stream ends alone, the other streams go on).
     * A 413 closes it the way web servers do ("lingering close"): the rest of the body is read and dropped until it
     * ends, stops coming for {@link #LINGER_IDLE_MS}, passes {@link #LINGER_BYTES} or {@link #LINGER_MS} — closing
     * with unread bytes would make the kernel reset the connection, and a client still sending would see the reset
     * instead of the 413.
     */
    static void reject(HttpServerRequest req, HttpServerResponse res, int status, String description) {
        boolean http2 = req.version() == HttpVersion.HTTP_2;
        boolean linger = status == 413 && !http2 && !req.isEnded();
        if (!req.isEnded() && !linger) {
            req.pause(); // read no more of a body that is refused
        }
        if (res.ended() || res.closed() || res.headWritten()) {
            if (http2) {
                res.reset();
            } else {
                req.connection().close();
            }
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_request");
        body.put("error_description", description);
        res.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .putHeader("Connection", "close")
                .end(Json.write(body)).onComplete(done -> {
                    if (linger) {
                        closeAfterLinger(req);
                    } else if (!http2) {
                        req.connection().close();
                    }
                });
    }

    static final long LINGER_MS = 2_000;
    static final long LINGER_IDLE_MS = 500;
    static final long LINGER_BYTES = 1024 * 1024;

    /** Drops the rest of a refused body for a bounded time and size, then closes the connection. */
    private static void closeAfterLinger(HttpServerRequest req) {
        io.vertx.core.Context context = Vertx.currentContext();
        if (context == null || req.isEnded()) {
            req.connection().close();
            return;
        }
        Vertx vertx = context.owner();
        long[] dropped = {0};
        long[] idle = {-1};
        long deadline = vertx.setTimer(LINGER_MS, id -> req.connection().close());
        Runnable close = () -> {
            vertx.cancelTimer(deadline);
            vertx.cancelTimer(idle[0]);
            req.connection().close();
        };
        idle[0] = vertx.setTimer(LINGER_IDLE_MS, id -> close.run());
        try {
            req.handler(buffer -> {
                dropped[0] += buffer.length();
                vertx.cancelTimer(idle[0]);
                if (dropped[0] > LINGER_BYTES) {
                    close.run();
                } else {
                    idle[0] = vertx.setTimer(LINGER_IDLE_MS, id -> close.run());
                }
            });
            req.endHandler(v -> close.run());
            req.exceptionHandler(e -> close.run());
            req.resume();
        } catch (IllegalStateException ended) {
            close.run(); // the request ended in between
        }
    }

    private static boolean hasBody(String length, HttpServerRequest req) {
        if (length != null) {
            return !length.trim().equals("0");
        }
        return req.getHeader("Transfer-Encoding") != null;
    }

    private static String safePath(HttpServerRequest req) {
        String path = req.path();
        return path == null ? "" : path.replaceAll("[^A-Za-z0-9/_.-]", "_");
    }
}
