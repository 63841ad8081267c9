package io.mcpgw.mcp.session;

import io.mcpgw.json.Json;
import io.mcpgw.store.StateStore;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live MCP sessions of every replica, as records in the shared store, so an operator lists them from anywhere
 * ({@code admin sessions list}). Sessions themselves stay in the replica that runs their child; these records only
 * describe them.
 *
 * <p>Key schema: {@code oauth:mcp_session:{session id}} → {@link Record} JSON, TTL {@link #RECORD_TTL}. Rules: a
 * record is written when a session opens, rewritten by the replica's heartbeat every {@link #HEARTBEAT} while the
 * session lives, and deleted when it ends; a replica that dies leaves records that expire within
 * {@link #RECORD_TTL}. A store failure never fails a session: it is logged and the next heartbeat writes again.
 * Listing reads the records by prefix (a scan; operators only, never on a request path).
 */
public final class SessionDirectory {
    static final String PREFIX = "oauth:mcp_session:";
    public static final Duration HEARTBEAT = Duration.ofSeconds(20);
    static final Duration RECORD_TTL = HEARTBEAT.multipliedBy(3);
    private static final Logger LOG = LoggerFactory.getLogger(SessionDirectory.class);

    /**
     * What an operator sees of one session.
     *
     * @param openedAt epoch seconds
     * @param seenAt   epoch seconds of the last heartbeat
     */
    public record Record(String id, String user, String service, String replica, long openedAt, long seenAt) {
    }

    private final StateStore store;
    private final Clock clock;
    private final String replica;

    public SessionDirectory(StateStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replica = replicaName();
    }

    /** Records a session that just opened. */
    void opened(McpSession session) {
        write(new Record(session.id(), session.userId(), session.service(), replica, session.openedAt(),
                clock.instant().getEpochSecond()));
    }

    /** Rewrites the records of the sessions still alive (their TTL starts again). */
    void heartbeat(Collection<McpSession> live) {
        long now = clock.instant().getEpochSecond();
        for (McpSession s : live) {
            if (!s.ended()) {
                write(new Record(s.id(), s.userId(), s.service(), replica, s.openedAt(), now));
            }
        }
    }

    /** Removes the record of a session that ended. */
    void ended(McpSession session) {
        try {
            store.delete(PREFIX + session.id());
        } catch (RuntimeException e) {
            LOG.warn("event=session_record_not_deleted error={}", e.getClass().getSimpleName());
        }
    }

    /** Every live session of every replica, oldest first. */
    public List<Record> list() {
        List<Record> records = new ArrayList<>();
        for (String key : store.keys(PREFIX)) {
            store.get(key).map(json -> Json.read(json, Record.class)).ifPresent(records::add);
        }
        records.sort(Comparator.comparingLong(Record::openedAt).thenComparing(Record::id));
        return records;
    }

    private void write(Record record) {
        try {
            store.put(PREFIX + record.id(), Json.write(record), RECORD_TTL);
        } catch (RuntimeException e) {
            LOG.warn("event=session_record_not_written error={}", e.getClass().getSimpleName());
        }
    }

    /** {@code host/pid}: which replica runs the child. */
    private static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
