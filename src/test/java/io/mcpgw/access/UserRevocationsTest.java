package io.mcpgw.access;

import io.mcpgw.store.MemoryStateStore;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreUnavailableException;
import io.mcpgw.testing.DelegatingStateStore;
import io.mcpgw.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link UserRevocations}: who is refused, how fast another replica learns it, and what the hot path costs (store
 * reads per interval, counted; time per check, printed).
 */
class UserRevocationsTest {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    final AtomicInteger gets = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();
    final StateStore store = new DelegatingStateStore(new MemoryStateStore()) {
        @Override
        public Optional<String> get(String key) {
            if (down.get()) {
                throw new StoreUnavailableException("down", null);
            }
            gets.incrementAndGet();
            return super.get(key);
        }
    };

    UserRevocations replica() {
        return new UserRevocations(store, clock, Duration.ofDays(30), INTERVAL);
    }

    @Test
    void tokensIssuedUpToTheRevocationAreRefusedLaterOnesAndOtherUsersAreNot() {
        UserRevocations here = replica();
        long before = clock.instant().getEpochSecond() - 60;

        here.revokeUser("local-alice", "test");

        long at = clock.instant().getEpochSecond();
        assertThat(here.revokedSince("local-alice", before)).isTrue();
        assertThat(here.revokedSince("local-alice", at)).as("same second").isTrue();
        assertThat(here.revokedSince("local-alice", at + 1)).as("issued after").isFalse();
        assertThat(here.revokedSince("local-bob", before)).isFalse();
        assertThat(here.revokedAt("local-alice")).contains(at);
    }

    @Test
    void anotherReplicaLearnsTheRevocationWithinOneIntervalWithOneStoreReadPerInterval() {
        UserRevocations other = replica();
        UserRevocations admin = replica();
        long issued = clock.instant().getEpochSecond() - 10;
        assertThat(other.revokedSince("local-alice", issued)).isFalse(); // first look loads the copy

        admin.revokeUser("local-alice", "test");
        gets.set(0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(other.revokedSince("local-alice", issued)).as("within the interval").isFalse();
        }
        assertThat(gets.get()).as("no store read within the interval").isZero();

        clock.advance(INTERVAL);
        assertThat(other.revokedSince("local-alice", issued)).isTrue();
        assertThat(gets.get()).as("the epoch, then the one revoked user's marker").isEqualTo(2);
        gets.set(0);
        clock.advance(INTERVAL);
        other.revokedSince("local-bob", issued);
        assertThat(gets.get()).as("epoch unchanged: one read").isEqualTo(1);
    }

    @Test
    void whenTheStoreIsDownTheCopyKeepsAnsweringAndIsNotAskedOnEveryCall() {
        UserRevocations here = replica();
        here.revokeUser("local-alice", "test");
        long issued = clock.instant().getEpochSecond() - 10;
        down.set(true);
        clock.advance(INTERVAL);

        assertThat(here.revokedSince("local-alice", issued)).isTrue();
        down.set(false);
        gets.set(0);
        here.revokedSince("local-alice", issued);
        assertThat(gets.get()).as("a failed refresh waits for the next interval").isZero();
    }

    @Test
    void malformedUserIdsAreRefusedAndNothingIsWritten() {
        UserRevocations here = replica();
        for (String bad : new String[] {"", "a b", "x".repeat(201), "tab\there", null}) {
            assertThatThrownBy(() -> here.revokeUser(bad, "test")).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.keys("oauth:")).isEmpty();
    }

    @Test
    void theHotPathCheckIsAnInMemoryLookup() {
        UserRevocations here = replica();
        for (int i = 0; i < 100; i++) {
            here.revokeUser("local-user" + i, "test");
        }
        long issued = clock.instant().getEpochSecond() + 5;
        String[] users = new String[128];
        for (int i = 0; i < users.length; i++) {
            users[i] = "local-user" + i;
        }
        int rounds = 2_000_000;
        boolean any = false;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            any |= here.revokedSince(users[i & 127], issued);
        }
        long nanos = System.nanoTime() - start;
        assertThat(any).isFalse();
        System.out.printf("UserRevocations.revokedSince: %.0f ns per check (100 revoked users, %d checks)%n",
                (double) nanos / rounds, rounds);
    }
}
