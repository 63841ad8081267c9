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

    public static void install(Router router, Vertx vertx, BodyLimits limits) {
        router.route().order(ORDER).handler(ctx -> readDeadline(ctx, vertx, limits)).failureHandler(BodyLimitHandlers::failed);
        int order = ORDER + 1;
        for (Map.Entry<String, Long> e : limits.byPath().entrySet()) {
            long limit = e.getValue();
            router.route(e.getKey()).order(order++).handler(ctx -> declaredWithin(ctx, limit));
        }
    }

    /**
     * A declared length over the endpoint's limit is refused before a byte is read. A body without a declared length
     * (chunked) is read by the Camel route's own reader, which cuts it at {@code camel.server.maxBodySize} (a second
     * body reader here would clash with it).
     */
    private static void declaredWithin(RoutingContext ctx, long limit) {
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                reject(ctx.request(), ctx.response(), 400, "Content-Length is not a number");
                return;
            }
            if (declared > limit) {
                reject(ctx.request(), ctx.response(), 413, "the request body is larger than this endpoint accepts ("
                        + limit + " bytes)");
                return;
            }
        }
        ctx.next();
    }

    private static void readDeadline(RoutingContext ctx, Vertx vertx, BodyLimits limits) {
        HttpServerRequest req = ctx.request();
        if (!req.isEnded() && hasBody(req)) {
            long timer = vertx.setTimer(limits.readTimeout().toMillis(), id -> {
                if (!req.isEnded()) {
                    LOG.info("event=request_body_timeout path={} timeout_s={}", safePath(req), limits.readTimeout().toSeconds());
                    reject(req, ctx.response(), 408, "the request body did not arrive within "
                            + limits.readTimeout().toSeconds() + " s");
                }
            });
            ctx.addEndHandler(v -> vertx.cancelTimer(timer));
        }
        ctx.next();
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
     */
    static void reject(HttpServerRequest req, HttpServerResponse res, int status, String description) {
        boolean http2 = req.version() == HttpVersion.HTTP_2;
        if (!req.isEnded()) {
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
                    if (!http2) {
                        req.connection().close();
                    }
                });
    }

    static boolean hasBody(HttpServerRequest req) {
        String length = req.getHeader("Content-Length");
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
