package io.mcpgw.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpgw.json.Json;
import io.mcpgw.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backup file of {@code admin backup} / {@code admin restore}: every record of the gateway as JSON, with the
 * moment each one expires, so a restore keeps the remaining lifetime of every key.
 *
 * <pre>{"format":"mcp-oauth-gateway-backup","version":1,"created_at":…,"source":"redis://…",
 *  "entries":[{"key":"oauth:client:…","type":"string","value":"…","expires_at_ms":…|null},
 *             {"key":"oauth:user_grants:…","type":"set","members":["…"],"expires_at_ms":…}]}</pre>
 *
 * <p>Rules: records that only make sense in the running processes (store health probes, registration rate-limit
 * windows, live MCP session descriptions) are left out; {@code expires_at_ms} is an absolute epoch millisecond
 * ({@code null}: no expiry), so time spent between backup and restore counts, and records that expired meanwhile are
 * not restored; a file is checked completely before the first write, so a malformed file, a file of another kind or
 * of a newer format version changes nothing; a restore into a store that already holds gateway records is refused
 * unless forced. The file contains the generated private signing keys and the hashes of every secret: keep it like
 * the store itself.
 */
final class StoreBackup {
    static final String FORMAT = "mcp-oauth-gateway-backup";
    static final int VERSION = 1;
    static final String PREFIX = "oauth:";
    /** Expiry given to a set that had none (the store's sets always expire; the indexes are extended on use). */
    static final Duration ETERNAL_SET_TTL = Duration.ofDays(3650);
    private static final List<String> TRANSIENT = List.of("oauth:healthcheck:", "oauth:ratelimit:",
            "oauth:mcp_session:");

    /** One record to restore. */
    record Entry(String key, Optional<String> value, List<String> members, Long expiresAtMillis) {
    }

    /** What a restore did. */
    record Restored(int restored, int expired) {
    }

    private StoreBackup() {
    }

    /** The backup document of {@code store} now; returns it with the number of records in it. */
    static ObjectNode write(StateStore store, Clock clock) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("format", FORMAT);
        doc.put("version", VERSION);
        doc.put("created_at", clock.instant().getEpochSecond());
        doc.put("source", store.describe());
        ArrayNode entries = doc.putArray("entries");
        for (String key : new TreeSet<>(store.keys(PREFIX))) {
            if (isTransient(key)) {
                continue;
            }
            long now = clock.millis();
            Optional<Duration> ttl = store.ttl(key);
            if (ttl.isEmpty()) {
                continue; // expired since it was listed
            }
            ObjectNode e = JsonNodeFactory.instance.objectNode();
            e.put("key", key);
            try {
                Optional<String> value = store.get(key);
                if (value.isEmpty()) {
                    continue;
                }
                e.put("type", "string");
                e.put("value", value.get());
            } catch (IllegalStateException aSet) {
                Set<String> members = store.members(key);
                if (members.isEmpty()) {
                    continue;
                }
                e.put("type", "set");
                ArrayNode m = e.putArray("members");
                new TreeSet<>(members).forEach(m::add);
            }
            if (StateStore.ETERNAL.equals(ttl.get())) {
                e.putNull("expires_at_ms");
            } else {
                e.put("expires_at_ms", now + ttl.get().toMillis());
            }
            entries.add(e);
        }
        return doc;
    }

    /**
     * Reads and checks a backup document completely.
     *
     * @throws AdminFailure ({@link AdminExit#BAD_INPUT}) naming the first problem
     */
    static List<Entry> read(String text) {
        JsonNode doc;
        try {
            doc = Json.parseUntrusted(text);
        } catch (JsonProcessingException | RuntimeException e) {
            throw AdminFailure.badInput("the backup file is not valid JSON");
        }
        if (doc == null || !doc.isObject() || !FORMAT.equals(doc.path("format").asText(null))) {
            throw AdminFailure.badInput("not a backup of this gateway (expected \"format\": \"" + FORMAT + "\")");
        }
        JsonNode version = doc.path("version");
        if (!version.canConvertToInt() || !version.isIntegralNumber() || version.asInt() < 1) {
            throw AdminFailure.badInput("the backup file has no valid format version");
        }
        if (version.asInt() > VERSION) {
            throw AdminFailure.badInput("the backup file has format version " + version.asInt()
                    + ", newer than this gateway reads (" + VERSION + "); restore it with the gateway version that "
                    + "wrote it or a newer one");
        }
        JsonNode entries = doc.path("entries");
        if (!entries.isArray()) {
            throw AdminFailure.badInput("the backup file has no \"entries\" array");
        }
        List<Entry> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            out.add(entry(entries.get(i), i, seen));
        }
        return out;
    }

    private static Entry entry(JsonNode e, int i, Set<String> seen) {
        String where = "entry " + i + " of the backup file ";
        if (!e.isObject() || !e.path("key").isTextual() || !e.path("key").asText().startsWith(PREFIX)) {
            throw AdminFailure.badInput(where + "has no key starting with " + PREFIX);
        }
        String key = e.get("key").asText();
        if (!seen.add(key)) {
            throw AdminFailure.badInput(where + "repeats a key");
        }
        JsonNode expires = e.path("expires_at_ms");
        if (!(expires.isNull() || expires.isIntegralNumber() && expires.canConvertToLong())) {
            throw AdminFailure.badInput(where + "has no valid expires_at_ms (a number, or null)");
        }
        Long expiresAt = expires.isNull() ? null : expires.asLong();
        String type = e.path("type").asText("");
        if (type.equals("string") && e.path("value").isTextual()) {
            return new Entry(key, Optional.of(e.get("value").asText()), List.of(), expiresAt);
        }
        if (type.equals("set") && e.path("members").isArray() && !e.get("members").isEmpty()) {
            List<String> members = new ArrayList<>();
            for (JsonNode m : e.get("members")) {
                if (!m.isTextual()) {
                    throw AdminFailure.badInput(where + "has a set member that is not a string");
                }
                members.add(m.asText());
            }
            return new Entry(key, Optional.empty(), members, expiresAt);
        }
        throw AdminFailure.badInput(where + "is neither a string (\"value\") nor a non-empty set (\"members\")");
    }

    /** The gateway records {@code store} holds already (what a restore would overwrite). */
    static int existingRecords(StateStore store) {
        return (int) store.keys(PREFIX).stream().filter(k -> !isTransient(k)).count();
    }

    /** Writes {@code entries}, each with its remaining lifetime; records already expired are skipped. */
    static Restored restore(StateStore store, List<Entry> entries, Clock clock) {
        int restored = 0;
        int expired = 0;
        for (Entry e : entries) {
            Duration ttl = null;
            if (e.expiresAtMillis() != null) {
                long left = e.expiresAtMillis() - clock.millis();
                if (left <= 0) {
                    expired++;
                    continue;
                }
                ttl = Duration.ofMillis(left);
            }
            if (e.value().isPresent()) {
                if (ttl == null) {
                    store.putEternal(e.key(), e.value().get());
                } else {
                    store.put(e.key(), e.value().get(), ttl);
                }
            } else {
                store.delete(e.key());
                Duration setTtl = ttl == null ? ETERNAL_SET_TTL : ttl;
                for (String member : e.members()) {
                    store.addToSet(e.key(), member, setTtl);
                }
            }
            restored++;
        }
        return new Restored(restored, expired);
    }

    private static boolean isTransient(String key) {
        return TRANSIENT.stream().anyMatch(key::startsWith);
    }
}
