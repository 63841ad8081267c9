package io.mcpgw.mcp.tmux;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commands {@code execute-command} started, per user: a user reads only their own (the id is looked up under
 * the caller's user id). At most {@value #PER_USER} are kept per user (the oldest are dropped) and none longer than
 * {@link #KEEP}.
 */
public final class TmuxCommands {
    static final int PER_USER = 100;
    static final Duration KEEP = Duration.ofHours(1);

    /** One command; {@code status} is pending, completed or error. Results are set once. */
    public static final class Command {
        final String id;
        final String paneId;
        final String command;
        final boolean rawMode;
        final Instant started;
        volatile String status = "pending";
        volatile Integer exitCode;
        volatile String result;

        Command(String id, String paneId, String command, boolean rawMode, Instant started) {
            this.id = id;
            this.paneId = paneId;
            this.command = command;
            this.rawMode = rawMode;
            this.started = started;
        }
    }

    private final Map<String, LinkedHashMap<String, Command>> byUser = new ConcurrentHashMap<>();
    private final Clock clock;

    public TmuxCommands(Clock clock) {
        this.clock = clock;
    }

    Command start(String userId, String paneId, String command, boolean rawMode) {
        Command c = new Command(UUID.randomUUID().toString(), paneId, command, rawMode, clock.instant());
        LinkedHashMap<String, Command> mine = byUser.computeIfAbsent(userId, u -> new LinkedHashMap<>());
        synchronized (mine) {
            prune(mine);
            while (mine.size() >= PER_USER) {
                mine.remove(mine.keySet().iterator().next());
            }
            mine.put(c.id, c);
        }
        return c;
    }

    Optional<Command> find(String userId, String id) {
        LinkedHashMap<String, Command> mine = byUser.get(userId);
        if (mine == null) {
            return Optional.empty();
        }
        synchronized (mine) {
            prune(mine);
            return Optional.ofNullable(mine.get(id));
        }
    }

    private void prune(LinkedHashMap<String, Command> mine) {
        Instant oldest = clock.instant().minus(KEEP);
        for (Iterator<Command> it = mine.values().iterator(); it.hasNext(); ) {
            if (it.next().started.isBefore(oldest)) {
                it.remove();
            }
        }
    }
}
