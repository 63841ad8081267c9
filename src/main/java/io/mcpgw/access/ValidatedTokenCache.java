package io.mcpgw.access;

import io.mcpgw.oauth.resource.Audience;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.token.AccessTokenFailure;
import io.mcpgw.oauth.token.AccessTokenValidator;
import io.mcpgw.oauth.token.GrantStore;
import io.mcpgw.oauth.token.InvalidAccessTokenException;
import io.mcpgw.oauth.token.ValidatedAccessToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Validated access tokens, so the hot path ({@code /verify}, every MCP request) neither re-verifies RSA nor asks the
 * store on every call. Rules:
 * <ul>
 *   <li>keyed by the SHA-256 of the token (the token itself is never kept as a key);</li>
 *   <li>an entry never outlives the token's {@code exp};</li>
 *   <li>a revocation made in this process (a replayed code, a reused refresh token, a deleted client, RFC 7009) takes
 *       effect on the very next request: every entry remembers the {@link GrantStore#revocationCount()} it was last
 *       checked under, read <em>before</em> the store, and an entry checked under an older count re-reads its token
 *       record before it is trusted again (a validation racing with the revocation cannot slip through);</li>
 *   <li>otherwise the record is re-read at most {@link #REVOCATION_RECHECK} after the last look, so a revocation on
 *       another replica sharing the store takes effect within one second;</li>
 *   <li>a user revoked by the operator ({@link UserRevocations}) is refused on the next request for every token issued
 *       up to the revocation, cached or not (an in-memory lookup; the markers are refreshed once per check interval);</li>
 *   <li>one store read per token at a time ({@link #revalidate}): when a token's re-check falls due under load, the
 *       requests carrying it wait for the same read instead of each taking a worker thread for its own;</li>
 *   <li>bounded: at {@link #MAX_ENTRIES} the cache is emptied (cheap, and an attacker flooding it with valid tokens
 *       only costs us re-validation).</li>
 * </ul>
 * The audience is checked on every call: one token may be presented to several resources.
 */
public final class ValidatedTokenCache {
    static final Duration REVOCATION_RECHECK = Duration.ofSeconds(1);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(ValidatedAccessToken token, long revocationCheckedAtMillis, long revocationCount) {
    }

    private final AccessTokenValidator validator;
    private final GrantStore grants;
    private final Clock clock;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** The store reads running now, by token hash: concurrent callers for one token share the first one's. */
    private final ConcurrentHashMap<String, CompletableFuture<ValidatedAccessToken>> storeReads =
            new ConcurrentHashMap<>();
    private final UserRevocations users;

    /** Without operator revocations of users (tests of the cache alone). */
    public ValidatedTokenCache(AccessTokenValidator validator, GrantStore grants, Clock clock) {
        this(validator, grants, null, clock, MAX_ENTRIES);
    }

    public ValidatedTokenCache(AccessTokenValidator validator, GrantStore grants, UserRevocations users, Clock clock) {
        this(validator, grants, users, clock, MAX_ENTRIES);
    }

    ValidatedTokenCache(AccessTokenValidator validator, GrantStore grants, Clock clock, int maxEntries) {
        this(validator, grants, null, clock, maxEntries);
    }

    ValidatedTokenCache(AccessTokenValidator validator, GrantStore grants, UserRevocations users, Clock clock,
                        int maxEntries) {
        this.validator = validator;
        this.grants = grants;
        this.users = users;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /**
     * The token's claims, if it is valid now for {@code audience}.
     *
     * @throws InvalidAccessTokenException with the reason otherwise
     */
    public ValidatedAccessToken validate(String token, Audience audience) {
        String key = Secrets.hash(token);
        long now = clock.millis();
        Entry entry = entries.get(key);
        if (entry != null && now >= entry.token().expiresAt().toEpochMilli()) {
            entries.remove(key);
            entry = null;
        }
        if (entry == null) {
            long revocations = grants.revocationCount();
            ValidatedAccessToken validated = validator.validate(token, null);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entry = new Entry(validated, now, revocations);
            entries.put(key, entry);
        } else if (!checkedRecently(entry, now)) {
            long revocations = grants.revocationCount();
            if (!grants.accessTokenExists(entry.token().jti())) {
                entries.remove(key);
                throw InvalidAccessTokenException.of(AccessTokenFailure.REVOKED);
            }
            entry = new Entry(entry.token(), now, revocations);
            entries.put(key, entry);
        }
        if (users != null && revokedUser(entry.token())) {
            entries.remove(key);
            throw InvalidAccessTokenException.of(AccessTokenFailure.REVOKED);
        }
        if (audience != null && !audience.isIn(entry.token().audiences())) {
            throw InvalidAccessTokenException.of(AccessTokenFailure.WRONG_AUDIENCE);
        }
        return entry.token();
    }

    /**
     * The token's claims when this cache can vouch for them without the store: an entry checked less than
     * {@link #REVOCATION_RECHECK} ago under the current revocation count, not expired. Empty when the store must be
     * asked ({@link #validate} does that).
     *
     * @throws InvalidAccessTokenException when the cached token was not issued for {@code audience}
     */
    public Optional<ValidatedAccessToken> validateCached(String token, Audience audience) {
        return validateCachedByHash(Secrets.hash(token), audience);
    }

    /**
     * {@link #validateCached} for the token whose {@link Secrets#hash} is {@code tokenHash} (the event loop's path: the
     * token is hashed where it sits in its header, never copied out).
     */
    public Optional<ValidatedAccessToken> validateCachedByHash(String tokenHash, Audience audience) {
        Entry entry = entries.get(tokenHash);
        long now = clock.millis();
        if (entry == null || now >= entry.token().expiresAt().toEpochMilli() || !checkedRecently(entry, now)) {
            return Optional.empty();
        }
        if (users != null) {
            Optional<Boolean> revoked = users.revokedSinceWithoutStore(entry.token().subject(), issuedAt(entry.token()));
            if (revoked.isEmpty() || revoked.get()) {
                return Optional.empty(); // stale copy: the store decides; revoked: validate() refuses and forgets it
            }
        }
        if (audience != null && !audience.isIn(entry.token().audiences())) {
            throw InvalidAccessTokenException.of(AccessTokenFailure.WRONG_AUDIENCE);
        }
        return Optional.of(entry.token());
    }

    /**
     * {@link #validate} without an audience, on {@code blocking}, once for all the callers that need it at the same
     * time: the first caller for a token starts the read, later callers get the same future until it completes. Done,
     * the entry is fresh again (or gone, if the token is no longer valid), so callers decide with
     * {@link #validateCached}. The future fails with what {@link #validate} threw: {@link InvalidAccessTokenException}
     * (the token is refused whatever the audience) or the store's failure.
     */
    public CompletableFuture<ValidatedAccessToken> revalidate(String token, Executor blocking) {
        String key = Secrets.hash(token);
        CompletableFuture<ValidatedAccessToken> mine = new CompletableFuture<>();
        CompletableFuture<ValidatedAccessToken> running = storeReads.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            blocking.execute(() -> {
                try {
                    mine.complete(validate(token, null));
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                } finally {
                    storeReads.remove(key, mine);
                }
            });
        } catch (RuntimeException e) { // the executor refused the task (shutting down)
            storeReads.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /** Checked against the store less than {@link #REVOCATION_RECHECK} ago, and no revocation in this process since. */
    private boolean checkedRecently(Entry entry, long now) {
        return now - entry.revocationCheckedAtMillis() < REVOCATION_RECHECK.toMillis()
                && entry.revocationCount() == grants.revocationCount();
    }

    private static long issuedAt(ValidatedAccessToken token) {
        return token.issuedAt() == null ? Long.MIN_VALUE : token.issuedAt().getEpochSecond();
    }

    private boolean revokedUser(ValidatedAccessToken token) {
        return users.revokedSince(token.subject(), issuedAt(token));
    }

    int size() {
        return entries.size();
    }
}
