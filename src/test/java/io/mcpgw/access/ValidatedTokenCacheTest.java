package io.mcpgw.access;

import io.mcpgw.oauth.resource.Audience;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.oauth.token.AccessTokenFailure;
import io.mcpgw.oauth.token.AccessTokenIssuer;
import io.mcpgw.oauth.token.AccessTokenRecord;
import io.mcpgw.oauth.token.AccessTokenValidator;
import io.mcpgw.oauth.token.GrantStore;
import io.mcpgw.oauth.token.IssuedAccessToken;
import io.mcpgw.oauth.token.InvalidAccessTokenException;
import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.oauth.token.ValidatedAccessToken;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.store.MemoryStateStore;
import io.mcpgw.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hot-path cache: no re-validation on a hit, a revocation of this process seen on the very next call, one of
 * another replica within a second, never past {@code exp}.
 */
class ValidatedTokenCacheTest {
    static final String ISSUER = "http://localhost:8080";
    static final String RESOURCE = ISSUER + "/everything/mcp";
    final MutableClock clock = new MutableClock();
    StateStore store;
    GrantStore grants;
    AccessTokenIssuer issuer;
    CountingStore counting;
    ValidatedTokenCache cache;

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Counts reads of access-token records, the store cost of a validation. */
    static final class CountingStore extends io.mcpgw.testing.DelegatingStateStore {
        final AtomicInteger tokenReads = new AtomicInteger();
        /** Runs once right after the next token-record read returned (a revocation racing with a validation). */
        volatile Runnable afterNextTokenRead;
        /** Token-record reads fail as with Redis down. */
        volatile boolean failing;

        CountingStore(StateStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<String> get(String key) {
            if (!key.startsWith("oauth:token:")) {
                return super.get(key);
            }
            tokenReads.incrementAndGet();
            if (failing) {
                throw new io.mcpgw.store.StoreUnavailableException("test: the store is down", null);
            }
            Optional<String> value = super.get(key);
            Runnable hook = afterNextTokenRead;
            afterNextTokenRead = null;
            if (hook != null) {
                hook.run();
            }
            return value;
        }
    }

    @BeforeEach
    void setUp() {
        store = new MemoryStateStore();
        counting = new CountingStore(store);
        grants = new GrantStore(counting, Duration.ofHours(1), Duration.ofDays(30));
        SigningKeys keys = new SigningKeys(store, Optional.empty(), clock);
        issuer = new AccessTokenIssuer(keys, ISSUER, Duration.ofHours(1), clock);
        cache = new ValidatedTokenCache(new AccessTokenValidator(keys, grants, ISSUER, clock), grants, clock);
    }

    String issue() {
        IssuedAccessToken t = issuer.issue(new UserIdentity("1", "alice", null, null), "client", "mcp:tools",
                List.of(RESOURCE));
        grants.recordAccessToken(t.jti(), new AccessTokenRecord("grant", "client", "1",
                t.expiresAt().getEpochSecond()));
        return t.value();
    }

    @Test
    void aHitWithinASecondNeitherVerifiesAgainNorReadsTheStore() {
        String token = issue();
        cache.validate(token, Audience.of(RESOURCE));
        int reads = counting.tokenReads.get();
        for (int i = 0; i < 100; i++) {
            assertThat(cache.validate(token, Audience.of(RESOURCE)).username()).isEqualTo("alice");
        }
        assertThat(counting.tokenReads.get()).isEqualTo(reads);
    }

    @Test
    void theStoreFreeAnswerExistsOnlyWhileTheCacheCanVouchForTheToken() {
        String token = issue();
        assertThat(cache.validateCached(token, Audience.of(RESOURCE))).as("first sight: the store must be asked").isEmpty();
        cache.validate(token, Audience.of(RESOURCE));
        int reads = counting.tokenReads.get();
        assertThat(cache.validateCached(token, Audience.of(RESOURCE))).get()
                .extracting(ValidatedAccessToken::username).isEqualTo("alice");
        assertThat(counting.tokenReads.get()).as("answered without a store read").isEqualTo(reads);
        assertThatThrownBy(() -> cache.validateCached(token, Audience.of(ISSUER + "/memory/mcp")))
                .as("another resource: refused from the cache too")
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo(AccessTokenFailure.WRONG_AUDIENCE);
        assertThat(cache.validateCached("not-a-token", Audience.of(RESOURCE))).as("unknown token").isEmpty();

        clock.now = clock.now.plus(ValidatedTokenCache.REVOCATION_RECHECK);
        assertThat(cache.validateCached(token, Audience.of(RESOURCE))).as("the once-a-second re-check is due").isEmpty();
        cache.validate(token, Audience.of(RESOURCE));
        assertThat(cache.validateCached(token, Audience.of(RESOURCE))).isPresent();

        grants.revokeGrant("another-grant");
        assertThat(cache.validateCached(token, Audience.of(RESOURCE))).as("a revocation in this process").isEmpty();
        grants.revokeGrant("grant");
        assertThatThrownBy(() -> cache.validate(token, Audience.of(RESOURCE)))
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo(AccessTokenFailure.REVOKED);
        assertThat(cache.validateCached(token, Audience.of(RESOURCE))).as("revoked: never vouched for again").isEmpty();
    }

    @Test
    void aRevocationOnAnotherReplicaIsSeenOnceTheSecondHasPassed() {
        GrantStore otherReplica = new GrantStore(store, Duration.ofHours(1), Duration.ofDays(30));
        String token = issue();
        String jti = cache.validate(token, Audience.of(RESOURCE)).jti();
        otherReplica.revokeAccessToken(jti);
        assertThat(cache.validate(token, Audience.of(RESOURCE)).jti()).as("still inside the recheck window").isEqualTo(jti);
        clock.now = clock.now.plus(ValidatedTokenCache.REVOCATION_RECHECK);
        assertThatThrownBy(() -> cache.validate(token, Audience.of(RESOURCE))).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo(AccessTokenFailure.REVOKED);
    }

    @Test
    void aRevocationInThisProcessIsSeenOnTheVeryNextCall() {
        String token = issue();
        String jti = cache.validate(token, Audience.of(RESOURCE)).jti();
        grants.revokeAccessToken(jti);
        assertThatThrownBy(() -> cache.validate(token, Audience.of(RESOURCE))).as("same instant, no clock movement")
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo(AccessTokenFailure.REVOKED);
    }

    @Test
    void aGrantRevocationInThisProcessIsSeenOnTheVeryNextCall() {
        String token = issue();
        cache.validate(token, Audience.of(RESOURCE));
        grants.revokeGrant("grant");
        assertThatThrownBy(() -> cache.validate(token, Audience.of(RESOURCE)))
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo(AccessTokenFailure.REVOKED);
    }

    @Test
    void aRevocationRacingWithTheFirstValidationCannotSlipIntoTheCache() {
        String token = issue();
        String jti = new AccessTokenValidator(new SigningKeys(store, Optional.empty(), clock), grants, ISSUER, clock)
                .validate(token).jti();
        counting.afterNextTokenRead = () -> grants.revokeAccessToken(jti);
        assertThat(cache.validate(token, Audience.of(RESOURCE)).jti()).as("the record was read before the revocation").isEqualTo(jti);
        assertThatThrownBy(() -> cache.validate(token, Audience.of(RESOURCE)))
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo(AccessTokenFailure.REVOKED);
    }

    @Test
    void anUnrelatedRevocationCostsEachEntryOneStoreReadThenHitsAgain() {
        String token = issue();
        cache.validate(token, Audience.of(RESOURCE));
        grants.revokeGrant("another-grant");
        int reads = counting.tokenReads.get();
        for (int i = 0; i < 10; i++) {
            assertThat(cache.validate(token, Audience.of(RESOURCE)).username()).isEqualTo("alice");
        }
        assertThat(counting.tokenReads.get()).isEqualTo(reads + 1);
    }

    @Test
    void anEntryNeverOutlivesTheTokensExpiry() {
        String token = issue();
        cache.validate(token, Audience.of(RESOURCE));
        clock.now = clock.now.plus(Duration.ofHours(1)).plusSeconds(30);
        assertThatThrownBy(() -> cache.validate(token, Audience.of(RESOURCE))).isInstanceOf(InvalidAccessTokenException.class)
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo(AccessTokenFailure.EXPIRED);
    }

    @Test
    void theAudienceIsCheckedOnEveryHit() {
        String token = issue();
        cache.validate(token, Audience.of(RESOURCE));
        assertThatThrownBy(() -> cache.validate(token, Audience.of(ISSUER + "/memory/mcp")))
                .extracting(e -> ((InvalidAccessTokenException) e).reason()).isEqualTo(AccessTokenFailure.WRONG_AUDIENCE);
    }

    @Test
    void theCacheIsBounded() {
        ValidatedTokenCache small = new ValidatedTokenCache(new AccessTokenValidator(
                new SigningKeys(store, Optional.empty(), clock), grants, ISSUER, clock), grants, clock, 20);
        for (int i = 0; i < 45; i++) {
            small.validate(issue(), Audience.of(RESOURCE));
            assertThat(small.size()).isLessThanOrEqualTo(20);
        }
        assertThat(small.size()).isPositive();
    }

    /** Tasks handed to the "worker pool", run when the test says. */
    static final class HeldTasks implements java.util.concurrent.Executor {
        final java.util.List<Runnable> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            List<Runnable> now = List.copyOf(tasks);
            tasks.removeAll(now);
            now.forEach(Runnable::run);
        }
    }

    @Test
    void requestsThatNeedTheSameStoreReadAtOnceShareOneReadAndOneWorkerTask() {
        String token = issue();
        cache.validate(token, Audience.of(RESOURCE));
        clock.now = clock.now.plus(ValidatedTokenCache.REVOCATION_RECHECK); // the re-check falls due under load
        HeldTasks workers = new HeldTasks();
        int reads = counting.tokenReads.get();
        List<java.util.concurrent.CompletableFuture<ValidatedAccessToken>> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            waiting.add(cache.revalidate(token, workers));
        }
        assertThat(workers.tasks).as("one worker task for 64 requests").hasSize(1);
        assertThat(waiting).allMatch(f -> !f.isDone());

        workers.runAll();
        assertThat(counting.tokenReads.get() - reads).as("one store read").isEqualTo(1);
        assertThat(waiting).allSatisfy(f -> assertThat(f.join().username()).isEqualTo("alice"));
        assertThat(cache.validateCached(token, Audience.of(RESOURCE))).as("fresh again: the event loop decides alone")
                .isPresent();

        clock.now = clock.now.plus(ValidatedTokenCache.REVOCATION_RECHECK);
        cache.revalidate(token, workers);
        assertThat(workers.tasks).as("once done, the next re-check is a new read").hasSize(1);
        String other = issue();
        cache.revalidate(other, workers);
        assertThat(workers.tasks).as("another token: its own read").hasSize(2);
    }

    @Test
    void aSharedReadThatFindsTheTokenRevokedFailsEveryWaiterAndForgetsTheToken() {
        String token = issue();
        cache.validate(token, Audience.of(RESOURCE));
        grants.revokeGrant("grant");
        HeldTasks workers = new HeldTasks();
        var first = cache.revalidate(token, workers);
        var second = cache.revalidate(token, workers);
        workers.runAll();
        for (var f : List.of(first, second)) {
            assertThatThrownBy(f::join).hasCauseInstanceOf(InvalidAccessTokenException.class)
                    .extracting(e -> ((InvalidAccessTokenException) e.getCause()).reason())
                    .isEqualTo(AccessTokenFailure.REVOKED);
        }
        assertThat(cache.validateCached(token, Audience.of(RESOURCE))).isEmpty();
        assertThat(cache.revalidate("not-a-jwt", Runnable::run)).as("garbage: refused, not thrown at the caller")
                .isCompletedExceptionally();
    }

    @Test
    void aStoreThatIsDownFailsTheSharedReadWithTheStoresError() {
        String token = issue();
        cache.validate(token, Audience.of(RESOURCE));
        clock.now = clock.now.plus(ValidatedTokenCache.REVOCATION_RECHECK);
        counting.failing = true;
        var f = cache.revalidate(token, Runnable::run);
        assertThatThrownBy(f::join).hasCauseInstanceOf(io.mcpgw.store.StoreUnavailableException.class);
        counting.failing = false;
        assertThat(cache.revalidate(token, Runnable::run).join().username()).as("the store is back").isEqualTo("alice");
    }

    @Test
    void anExecutorThatRefusesTheTaskFailsTheReadInsteadOfLeavingItsWaitersHanging() {
        String token = issue();
        var f = cache.revalidate(token, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shutting down");
        });
        assertThat(f).isCompletedExceptionally();
        HeldTasks workers = new HeldTasks();
        cache.revalidate(token, workers);
        assertThat(workers.tasks).as("not stuck behind the refused read").hasSize(1);
    }

    @Test
    void theGuardDecidesABurstThatNeedsTheStoreWithOneReadAndAnswersEachRequestForItsOwnResource() {
        TokenAccessGuard guard = new TokenAccessGuard(cache);
        String token = issue();
        HeldTasks workers = new HeldTasks();
        List<java.util.concurrent.CompletableFuture<AccessDecision>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 32; i++) {
            answers.add(guard.checkOn(workers, new AccessRequest("everything", RESOURCE, "Bearer " + token, null)));
        }
        var elsewhere = guard.checkOn(workers, new AccessRequest("memory", ISSUER + "/memory/mcp", "Bearer " + token, null));
        assertThat(workers.tasks).as("first sight of the token by 33 requests: one read").hasSize(1);
        workers.runAll();
        assertThat(counting.tokenReads.get()).isEqualTo(1);
        assertThat(answers).allSatisfy(a -> assertThat(a.join()).isInstanceOf(AccessDecision.Allowed.class));
        AccessDecision.Denied wrongAudience = (AccessDecision.Denied) elsewhere.join();
        assertThat(wrongAudience.status()).isEqualTo(401);
        assertThat(wrongAudience.headers().get("WWW-Authenticate")).contains("invalid_token")
                .contains(ISSUER + "/.well-known/oauth-protected-resource/memory/mcp");

        grants.revokeGrant("grant");
        AccessDecision.Denied revoked = (AccessDecision.Denied) guard.checkOn(Runnable::run,
                new AccessRequest("everything", RESOURCE, "Bearer " + token, null)).join();
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.body()).contains("revoked");

        String another = issue();
        counting.failing = true;
        assertThatThrownBy(() -> guard.checkOn(Runnable::run,
                new AccessRequest("everything", RESOURCE, "Bearer " + another, null)).join())
                .as("store down: a failure (503), not a denial").hasCauseInstanceOf(io.mcpgw.store.StoreUnavailableException.class);
        assertThat(((AccessDecision.Denied) guard.checkOn(workers, new AccessRequest("everything", RESOURCE, null, null))
                .join()).status()).as("no token: answered without a worker").isEqualTo(401);
    }
}
