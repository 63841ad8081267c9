package io.mcpgw.access;

import io.mcpgw.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "This user is cut off as of now", shared by every replica through the store: {@code admin revoke --user} deletes the
 * user's grants and tokens, and this marker also refuses any access token of the user issued at or before the moment
 * of the revocation (tokens of grants no index knew of, tokens minted while the revocation ran) and tells the MCP
 * replicas to end the user's live sessions.
 *
 * <table>
 *   <caption>Key schema</caption>
 *   <tr><th>key</th><th>value</th><th>TTL</th></tr>
 *   <tr><td>{@code oauth:user_revoked:{subject}}</td><td>epoch second of the revocation</td>
 *       <td>the retention (the longest token lifetime)</td></tr>
 *   <tr><td>{@code oauth:user_revoked_index}</td><td>set of revoked subjects</td><td>the retention</td></tr>
 *   <tr><td>{@code oauth:user_revocation_epoch}</td><td>random, rewritten on every revocation</td>
 *       <td>the retention</td></tr>
 * </table>
 *
 * <p>Rule it enforces, and its cost: {@link #revokedSince} answers from a copy of the markers in memory, so the hot
 * path ({@code /verify}, every MCP request) does not read the store per call. The copy is refreshed when it is older
 * than the check interval: one {@code GET} of the epoch per interval per process, and only when the epoch changed one
 * {@code SMEMBERS} plus one {@code GET} per revoked user. A revocation made through this instance is in the copy at
 * once; one made elsewhere (another replica, the admin command against Redis) is seen within the interval.
 */
public final class UserRevocations {
    /** Registry name of the gateway's instance. */
    public static final String BEAN = "userRevocations";
    static final String MARKER = "oauth:user_revoked:";
    static final String INDEX = "oauth:user_revoked_index";
    static final String EPOCH = "oauth:user_revocation_epoch";
    /** Default check interval: a revocation elsewhere takes effect within this time on every replica. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Pattern SUBJECT = Pattern.compile("[\\p{Graph}]{1,200}");
    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final Logger LOG = LoggerFactory.getLogger(UserRevocations.class);

    private final StateStore store;
    private final Clock clock;
    private final Duration retention;
    private final long checkIntervalMillis;
    private volatile Map<String, Long> revokedAt = Map.of();
    private final java.util.List<java.util.function.BiConsumer<String, String>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String seenEpoch;
    private volatile long checkedAtMillis;
    private volatile boolean loaded;

    /**
     * @param retention     how long a marker is kept: at least the access token lifetime (an older token has expired)
     * @param checkInterval how often the store is asked whether a revocation happened elsewhere
     */
    public UserRevocations(StateStore store, Clock clock, Duration retention, Duration checkInterval) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.checkIntervalMillis = checkInterval.toMillis();
    }

    /** Whether {@code userId} is a well-formed subject (printable, no spaces, at most 200 characters). */
    public static boolean wellFormed(String userId) {
        return userId != null && SUBJECT.matcher(userId).matches();
    }

    /**
     * Marks {@code userId} revoked as of now: every replica refuses the user's tokens issued up to this second and ends
     * the user's MCP sessions. Idempotent; a later revocation moves the moment forward.
     */
    public void revokeUser(String userId, String reason) {
        if (!wellFormed(userId)) {
            throw new IllegalArgumentException("not a user id: it must be 1 to 200 printable characters");
        }
        long now = clock.instant().getEpochSecond();
        store.put(MARKER + userId, Long.toString(now), retention);
        store.addToSet(INDEX, userId, retention);
        String epoch = UUID.randomUUID().toString();
        store.put(EPOCH, epoch, retention);
        synchronized (this) {
            Map<String, Long> copy = new HashMap<>(revokedAt);
            copy.put(userId, now);
            revokedAt = Map.copyOf(copy);
        }
        AUDIT.info("event=user_revoked user={} revoked_at={} reason=\"{}\"", userId, now, sanitize(reason));
        listeners.forEach(l -> l.accept(userId, reason));
    }

    /**
     * {@code listener(userId, reason)} runs in the revoking thread after each {@link #revokeUser} of this process (the
     * MCP session registry of this process ends the user's sessions at once; other processes see the marker within
     * the check interval).
     */
    public void onRevoked(java.util.function.BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    /** Whether {@code userId} was revoked at or after {@code issuedAtEpochSeconds} (its token is then refused). */
    public boolean revokedSince(String userId, long issuedAtEpochSeconds) {
        Long at = current().get(userId);
        return at != null && issuedAtEpochSeconds <= at;
    }

    /**
     * {@link #revokedSince} when the copy in memory is fresh (checked within the interval); empty when answering would
     * need a store read. For event-loop callers, which hand the store read to a worker instead.
     */
    public Optional<Boolean> revokedSinceWithoutStore(String userId, long issuedAtEpochSeconds) {
        if (!loaded || clock.millis() - checkedAtMillis >= checkIntervalMillis) {
            return Optional.empty();
        }
        Long at = revokedAt.get(userId);
        return Optional.of(at != null && issuedAtEpochSeconds <= at);
    }

    /** The moment {@code userId} was last revoked, as the store knows it now (admin listing). */
    public Optional<Long> revokedAt(String userId) {
        return store.get(MARKER + userId).flatMap(UserRevocations::seconds);
    }

    /**
     * The markers in force (subject to epoch second), refreshed from the store when older than the check interval.
     * Watchers compare two results to find users revoked in between.
     */
    public Map<String, Long> current() {
        long now = clock.millis();
        if (!loaded || now - checkedAtMillis >= checkIntervalMillis) {
            refresh(now);
        }
        return revokedAt;
    }

    private synchronized void refresh(long now) {
        if (loaded && now - checkedAtMillis < checkIntervalMillis) {
            return;
        }
        try {
            String epoch = store.get(EPOCH).orElse("");
            if (!epoch.equals(seenEpoch)) {
                Map<String, Long> loaded = new HashMap<>();
                for (String user : store.members(INDEX)) {
                    store.get(MARKER + user).flatMap(UserRevocations::seconds).ifPresent(at -> loaded.put(user, at));
                }
                // revocations made here since the last load are kept even if the store lost them
                revokedAt.forEach((user, at) -> loaded.merge(user, at, Math::max));
                revokedAt = Map.copyOf(loaded);
                seenEpoch = epoch;
            }
            checkedAtMillis = now;
            loaded = true;
        } catch (RuntimeException e) {
            // the store is down: keep answering from the copy, try again after the interval
            checkedAtMillis = now;
            loaded = true;
            LOG.warn("event=user_revocations_not_refreshed error={}", e.getClass().getSimpleName());
        }
    }

    private static Optional<Long> seconds(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String sanitize(String reason) {
        String r = reason == null ? "" : reason.replaceAll("[\\p{Cntrl}\"\\\\]", " ");
        return r.length() > 200 ? r.substring(0, 200) : r;
    }
}
