package io.mcpgw.access;

import io.mcpgw.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users whose access ended (their upstream access rule no longer holds, or an administrator removed them): every
 * credential and MCP session of the user that started before the revocation is dead.
 *
 * <p>Rules: the marker {@code access:user_revoked:{user_id}} holds the epoch second of the latest revocation and
 * lives as long as a refresh token could (nothing issued before it can outlive it); a user who is allowed again and
 * signs in anew gets credentials issued after the marker, which stay valid. Listeners in this process (the MCP
 * session registry) hear of a revocation at once; other processes read the marker ({@link #revokedSince}).
 */
public final class UserRevocations {
    static final String KEY = "access:user_revoked:";
    private static final Logger LOG = LoggerFactory.getLogger(UserRevocations.class);

    private final StateStore store;
    private final Duration keep;
    private final Clock clock;
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

    /** @param keep how long the marker lives: the refresh token lifetime */
    public UserRevocations(StateStore store, Duration keep, Clock clock) {
        this.store = store;
        this.keep = keep;
        this.clock = clock;
    }

    /** Marks {@code userId} revoked now and tells this process's listeners (which end the user's sessions). */
    public void revokeUser(String userId, String reason) {
        store.put(KEY + userId, Long.toString(clock.instant().getEpochSecond()), keep);
        LOG.info("event=user_revoked user={} reason=\"{}\"", userId, reason.replace('"', '\''));
        listeners.forEach(l -> l.accept(userId, reason));
    }

    /** Whether {@code userId} was revoked at or after {@code issuedAtEpochSeconds}. */
    public boolean revokedSince(String userId, long issuedAtEpochSeconds) {
        return store.get(KEY + userId).map(v -> {
            try {
                return Long.parseLong(v) >= issuedAtEpochSeconds;
            } catch (NumberFormatException e) {
                return true;
            }
        }).orElse(false);
    }

    /** {@code listener(userId, reason)} runs in the revoking thread after each {@link #revokeUser} of this process. */
    public void onRevoked(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }
}
