package io.mcpgw.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ready means ready: the gateway is ready only when every start-up part it expects (Camel started; in roles that run
 * MCP services, every service file loaded and its protected resource metadata answering) has reported done. Until
 * then the authorization server metadata answers 503 with {@code Retry-After}, so no client starts an OAuth flow
 * against a gateway whose services are not published yet; the {@code event=ready} line is written once, by the
 * last part. Once the gateway drains (it was asked to stop) it is not ready any more, for good, so a load balancer
 * or Kubernetes sends it nothing new while its sessions end.
 */
public final class StartupReadiness {
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Runnable onReady;
    private volatile boolean ready;
    private volatile boolean draining;

    public StartupReadiness(Runnable onReady) {
        this.onReady = onReady;
    }

    /** Declares a part the gateway waits for; call before the Camel context starts. */
    public void expect(String part) {
        if (ready) {
            throw new IllegalStateException("already ready; cannot wait for " + part);
        }
        pending.add(part);
    }

    /** Reports {@code part} done; the last one makes the gateway ready and runs the ready callback once. */
    public void done(String part) {
        pending.remove(part);
        synchronized (this) {
            if (ready || !pending.isEmpty()) {
                return;
            }
            ready = true;
        }
        onReady.run();
    }

    public boolean isReady() {
        return ready && !draining;
    }

    /** The gateway is stopping: not ready from now on (the first thing a stop does). */
    public void drain() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }
}
