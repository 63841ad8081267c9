package io.mcpgw.mcp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-stream replay buffer: bounded in bytes and age, oldest first out, a gap reported, nothing held idle. */
class ReplayBufferTest {
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    static byte[] event(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> texts(List<byte[]> events) {
        return events.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void keepsEventsAfterTheOneNamedInOrder() {
        ReplayBuffer b = new ReplayBuffer(1000, 60 * SECOND);
        assertThat(b.isEmpty()).as("nothing allocated or kept before the first event").isTrue();
        for (int i = 1; i <= 4; i++) {
            b.add(i, event("e" + i), 0);
        }
        assertThat(texts(b.after(2, 0))).containsExactly("e3", "e4");
        assertThat(texts(b.after(0, 0))).containsExactly("e1", "e2", "e3", "e4");
        assertThat(b.after(4, 0)).isEmpty();
        assertThat(b.lostAfter(0)).isFalse();
        assertThat(b.bytes()).isEqualTo(8);
    }

    @Test
    void theOldestGoWhenTheBytesWouldPassTheBound() {
        ReplayBuffer b = new ReplayBuffer(10, 60 * SECOND);
        b.add(1, event("aaaa"), 0);
        b.add(2, event("bbbb"), 0);
        b.add(3, event("cccc"), 0);
        assertThat(b.bytes()).isLessThanOrEqualTo(10);
        assertThat(texts(b.after(0, 0))).containsExactly("bbbb", "cccc");
        assertThat(b.lostAfter(0)).as("event 1 is gone: a replay from 0 has a gap").isTrue();
        assertThat(b.lostAfter(1)).isFalse();
    }

    @Test
    void anEventLargerThanTheBoundIsNotKept() {
        ReplayBuffer b = new ReplayBuffer(10, 60 * SECOND);
        b.add(1, event("small"), 0);
        b.add(2, event("much too large"), 0);
        assertThat(texts(b.after(0, 0))).containsExactly("small");
        assertThat(b.lostAfter(1)).isTrue();
    }

    @Test
    void eventsOlderThanTheAgeBoundGo() {
        ReplayBuffer b = new ReplayBuffer(1000, 10 * SECOND);
        b.add(1, event("old"), 0);
        b.add(2, event("new"), 8 * SECOND);
        assertThat(texts(b.after(0, 9 * SECOND))).containsExactly("old", "new");
        assertThat(texts(b.after(0, 11 * SECOND))).containsExactly("new");
        b.expire(30 * SECOND);
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.bytes()).isZero();
    }

    @Test
    void zeroBytesKeepsNothing() {
        ReplayBuffer b = new ReplayBuffer(0, 10 * SECOND);
        b.add(1, event("x"), 0);
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.lostAfter(0)).isTrue();
    }

    @Test
    void negativeBoundsAreRefused() {
        assertThatThrownBy(() -> new ReplayBuffer(-1, SECOND)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayBuffer(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
