package io.mcpgw.mcp.scaleout;

import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner records of MCP sessions in the shared store: {@code mcp:owner:<session id>} = the internal URL of the
 * replica that runs the session, sealed with an HMAC of session id and URL under {@code GATEWAY_CLUSTER_SECRET}.
 *
 * <p>Rules it enforces: a session opens only once its record is written (so every replica can find its owner at
 * once); the record lives as long as the session may stay idle plus a margin, and is renewed (at most every quarter
 * of that) while the session is used; it is removed when the session ends, when its replica drains, and when its
 * owner is found gone. A replica removes only a record that names the owner it found (another replica's live record
 * is never removed). A record whose seal does not verify (written by anyone without the cluster secret, e.g. through a
 * leaked Redis password) counts as no record: requests, bearer tokens included, are never forwarded to an address the
 * replicas did not write themselves.
 */
public final class SessionOwnership implements SessionRegistry.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(SessionOwnership.class);
    static final String PREFIX = "mcp:owner:";
    static final Duration MARGIN = Duration.ofSeconds(60);

    private final StateStore store;
    private final String self;
    private final Duration ttl;
    private final Executor background;
    private final Map<String, Long> renewed = new ConcurrentHashMap<>();
    private final javax.crypto.spec.SecretKeySpec sealKey;

    /**
     * @param self        this replica's internal URL
     * @param secret      {@code GATEWAY_CLUSTER_SECRET}, seals the records
     * @param idleTimeout how long a session may stay idle ({@code SESSION_TIMEOUT})
     * @param background  runs the renewals and removals off the request's thread
     */
    public SessionOwnership(StateStore store, String self, byte[] secret, Duration idleTimeout, Executor background) {
        this.store = store;
        this.sealKey = new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256");
        this.self = self;
        this.ttl = idleTimeout.plus(MARGIN);
        this.background = background;
    }

    public String self() {
        return self;
    }

    @Override
    public void opened(String id) {
        store.put(PREFIX + id, sealed(id, self), ttl);
        renewed.put(id, System.nanoTime());
    }

    @Override
    public void touched(String id) {
        long now = System.nanoTime();
        Long last = renewed.get(id);
        if (last != null && now - last < ttl.toNanos() / 4) {
            return;
        }
        renewed.put(id, now);
        background.execute(() -> quietly(() -> store.expire(PREFIX + id, ttl)));
    }

    @Override
    public void ended(String id) {
        renewed.remove(id);
        background.execute(() -> quietly(() -> removeIfOwnedBy(id, self)));
    }

    /** The internal URL of the replica running session {@code id}; empty when no replica records it. */
    public Optional<String> owner(String id) {
        Optional<String> record = store.get(PREFIX + id);
        Optional<String> owner = record.flatMap(r -> unsealed(id, r));
        if (record.isPresent() && owner.isEmpty()) {
            LOG.warn("event=owner_record_forged effect=\"ignored: not sealed with the cluster secret\"");
        }
        return owner;
    }

    /** Removes the record of {@code id} if it still names {@code owner}; returns whether it did. */
    public boolean removeIfOwnedBy(String id, String owner) {
        if (owner.equals(store.get(PREFIX + id).flatMap(r -> unsealed(id, r)).orElse(null))) {
            return store.delete(PREFIX + id);
        }
        return false;
    }

    /** {@code <url> <base64url HMAC-SHA256(id \n url)>}. */
    String sealed(String id, String url) {
        return url + " " + mac(id, url);
    }

    private Optional<String> unsealed(String id, String record) {
        int space = record.lastIndexOf(' ');
        if (space <= 0) {
            return Optional.empty();
        }
        String url = record.substring(0, space);
        boolean valid = java.security.MessageDigest.isEqual(
                mac(id, url).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                record.substring(space + 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return valid ? Optional.of(url) : Optional.empty();
    }

    private String mac(String id, String url) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(sealKey);
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal((id + "\n" + url).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Removes the records of every session this replica still runs (it drains); returns how many. */
    public int releaseAll(Set<String> ids) {
        int removed = 0;
        for (String id : ids) {
            try {
                removed += removeIfOwnedBy(id, self) ? 1 : 0;
            } catch (StoreUnavailableException e) {
                LOG.warn("event=owner_record_not_removed reason=\"{}\"", e.getMessage());
                return removed;
            }
            renewed.remove(id);
        }
        return removed;
    }

    private static void quietly(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warn("event=owner_record_write_failed reason=\"{}\"", e.getMessage());
        }
    }
}
