package io.mcpgw.mcp.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.http.StartupReadiness;
import io.mcpgw.mcp.session.McpSession;
import io.mcpgw.mcp.session.SessionContext;
import io.mcpgw.mcp.session.SessionLimitException;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.store.MemoryStateStore;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The session registry with its owner records: a session opens only once recorded (a store that is down refuses it
 * and keeps nothing), its record goes with it, a draining replica is not ready, opens nothing and releases every
 * record it holds, another replica's record is never removed, and a record not sealed with the cluster secret is no
 * record.
 */
class ScaleOutDrainTest {
    static final String SELF = "http://10.0.0.1:8080";
    static final String OTHER = "http://10.0.0.2:8080";
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    final StateStore store = new MemoryStateStore();
    final SessionRegistry sessions = new SessionRegistry(new SessionContext(scheduler, Runnable::run,
            Duration.ofSeconds(30), Duration.ofMillis(100), 10, 1 << 20, 8, io.mcpgw.mcp.session.McpMeters.NONE), 5, 10,
            Duration.ofMinutes(5));
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    final SessionOwnership ownership = new SessionOwnership(store, SELF, SECRET, Duration.ofMinutes(5), Runnable::run);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void anOpenedSessionIsRecordedWithTheIdleTimeoutPlusMarginAndForgottenWhenItEnds() {
        sessions.listen(ownership);
        McpSession session = sessions.open("alice", "everything");
        assertThat(ownership.owner(session.id())).contains(SELF);
        assertThat(store.ttl(SessionOwnership.PREFIX + session.id()).orElseThrow())
                .isGreaterThan(Duration.ofMinutes(5)).isLessThanOrEqualTo(Duration.ofMinutes(5).plus(SessionOwnership.MARGIN));
        assertThat(sessions.hosts(session.id())).isTrue();
        sessions.end(session, "test").join();
        assertThat(ownership.owner(session.id())).isEmpty();
        assertThat(sessions.hosts(session.id())).isFalse();
    }

    @Test
    void aSessionThatCannotBeRecordedDoesNotOpen() {
        sessions.listen(new SessionRegistry.Listener() {
            @Override
            public void opened(String id) {
                throw new StoreUnavailableException("Redis at redis://r:6379/0 is unavailable: connection refused", null);
            }
        });
        assertThatThrownBy(() -> sessions.open("alice", "everything")).isInstanceOf(SessionLimitException.class)
                .hasMessageContaining("state store is not reachable").hasMessageNotContaining("redis://");
        assertThat(sessions.size()).isZero();
    }

    @Test
    void drainingMakesTheReplicaUnreadyRefusesNewSessionsAndReleasesOnlyItsOwnRecords() {
        sessions.listen(ownership);
        StartupReadiness readiness = new StartupReadiness(() -> { });
        readiness.expect("part");
        readiness.done("part");
        assertThat(readiness.isReady()).isTrue();
        McpSession a = sessions.open("alice", "everything");
        McpSession b = sessions.open("bob", "everything");
        store.put(SessionOwnership.PREFIX + "elsewhere", ownership.sealed("elsewhere", OTHER), Duration.ofMinutes(5));

        readiness.drain();
        sessions.refuseNewSessions();
        int released = ownership.releaseAll(sessions.ids());

        assertThat(readiness.isReady()).isFalse();
        assertThat(readiness.isDraining()).isTrue();
        assertThat(released).isEqualTo(2);
        assertThat(ownership.owner(a.id())).isEmpty();
        assertThat(ownership.owner(b.id())).isEmpty();
        assertThat(ownership.owner("elsewhere")).contains(OTHER);
        assertThatThrownBy(() -> sessions.open("carol", "everything")).isInstanceOf(SessionLimitException.class)
                .hasMessageContaining("shutting down");
        assertThat(ownership.removeIfOwnedBy("elsewhere", SELF)).isFalse();
        assertThat(ownership.removeIfOwnedBy("elsewhere", OTHER)).isTrue();
    }

    @Test
    void aRecordNotSealedWithTheClusterSecretIsIgnored() {
        String id = "f".repeat(43);
        store.put(SessionOwnership.PREFIX + id, "http://attacker.example:80", Duration.ofMinutes(5));
        assertThat(ownership.owner(id)).isEmpty();
        store.put(SessionOwnership.PREFIX + id, "http://attacker.example:80 " + "A".repeat(43), Duration.ofMinutes(5));
        assertThat(ownership.owner(id)).isEmpty();
        SessionOwnership otherSecret = new SessionOwnership(store, OTHER,
                "another-secret-of-at-least-32-bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Duration.ofMinutes(5), Runnable::run);
        store.put(SessionOwnership.PREFIX + id, otherSecret.sealed(id, OTHER), Duration.ofMinutes(5));
        assertThat(ownership.owner(id)).isEmpty();
        store.put(SessionOwnership.PREFIX + id, ownership.sealed("g".repeat(43), OTHER), Duration.ofMinutes(5));
        assertThat(ownership.owner(id)).as("a seal of another session").isEmpty();
        store.put(SessionOwnership.PREFIX + id, ownership.sealed(id, OTHER), Duration.ofMinutes(5));
        assertThat(ownership.owner(id)).contains(OTHER);
    }
}
