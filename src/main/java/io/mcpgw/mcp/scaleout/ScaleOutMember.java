package io.mcpgw.mcp.scaleout;

import io.mcpgw.config.ScaleOut;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.mcp.transport.SessionRouting;
import io.mcpgw.store.StateStore;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica as a member of a scaled-out deployment: its sessions' owner records ({@link SessionOwnership}, hooked
 * into the session registry) and the forwarding of requests for other replicas' sessions ({@link OwnerForwarder}).
 *
 * <p>Rule: draining releases every owner record this replica holds before its sessions end, so from then on a client
 * of one of them gets 404 on any replica and re-initializes on a live one.
 */
public final class ScaleOutMember {
    private static final Logger LOG = LoggerFactory.getLogger(ScaleOutMember.class);

    private final ScaleOut settings;
    private final SessionRegistry sessions;
    private final SessionOwnership ownership;
    private final int retryAfterSeconds;
    private volatile OwnerForwarder forwarder;

    public ScaleOutMember(ScaleOut settings, StateStore store, SessionRegistry sessions, Duration idleTimeout,
                          Executor background, int retryAfterSeconds) {
        this.settings = settings;
        this.sessions = sessions;
        this.ownership = new SessionOwnership(store, settings.internalUrl(), settings.secret(), idleTimeout,
                background);
        this.retryAfterSeconds = retryAfterSeconds;
        sessions.listen(ownership);
        LOG.info("event=scale_out_member internal_url={}", settings.internalUrl());
    }

    /** The routing of the MCP mount, on the HTTP server's Vert.x. */
    public SessionRouting routing(Vertx vertx) {
        forwarder = new OwnerForwarder(vertx, sessions, ownership,
                new HopSignature(settings.secret(), Clock.systemUTC()), retryAfterSeconds);
        return forwarder;
    }

    /** Releases the owner records of every session still here (the replica stops). */
    public void drain() {
        int released = ownership.releaseAll(sessions.ids());
        LOG.info("event=scale_out_drain owner_records_released={}", released);
    }
}
