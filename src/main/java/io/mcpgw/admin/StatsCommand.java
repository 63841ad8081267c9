package io.mcpgw.admin;

import io.mcpgw.oauth.token.SigningKeys;
import io.mcpgw.store.StateStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code admin stats}: what the store holds, counted by record kind. Counting needs one pass over the gateway's keys
 * (a {@code SCAN} on Redis): an operator's command, never run on a request path.
 */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Counts of clients, grants, tokens, "
        + "sessions, revoked users and signing keys.")
final class StatsCommand implements Callable<Integer> {
    /** Record kinds by key prefix, in the order printed. */
    static final Map<String, String> KINDS = kinds();

    @ParentCommand
    AdminCli root;

    @Override
    public Integer call() {
        StateStore store = root.context().store();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("store", store.describe());
        Map<String, Long> counts = new LinkedHashMap<>();
        KINDS.values().forEach(k -> counts.put(k, 0L));
        for (String key : store.keys("oauth:")) {
            String kind = kindOf(key);
            if (kind != null) {
                counts.merge(kind, 1L, Long::sum);
            }
        }
        stats.putAll(counts);
        stats.put("signing_keys", SigningKeys.describe(store).size());
        if (root.json()) {
            root.printJson(stats);
            return AdminExit.OK;
        }
        Table t = new Table("WHAT", "COUNT");
        stats.forEach(t::row);
        t.print(root.out());
        return AdminExit.OK;
    }

    static String kindOf(String key) {
        for (Map.Entry<String, String> e : KINDS.entrySet()) {
            if (key.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Map<String, String> kinds() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("oauth:client:", "clients");
        k.put("oauth:grant:", "grants");
        k.put("oauth:token:", "access_tokens");
        k.put("oauth:refresh:", "refresh_tokens");
        k.put("oauth:code:", "pending_codes");
        k.put("oauth:authz:", "pending_consents");
        k.put("oauth:mcp_session:", "mcp_sessions");
        k.put("oauth:user_revoked:", "revoked_users");
        return java.util.Collections.unmodifiableMap(k);
    }
}
