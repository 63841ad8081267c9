package io.mcpgw.admin;

import io.mcpgw.mcp.session.SessionDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code admin sessions list [--user U]}: the live MCP sessions of every replica ({@link SessionDirectory}). Session
 * ids are shown shortened: enough to tell sessions apart, not the whole id a client sends.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List live MCP sessions.")
final class SessionsCommand {
    static final int SHOWN_ID_CHARS = 8;

    @ParentCommand
    AdminCli root;

    @Command(name = "list", description = "Live MCP sessions on every replica (records refreshed every "
            + "20 s; a replica that died drops out within a minute).")
    int list(@Option(names = "--user", paramLabel = "USER", description = "Only this user's sessions.") String user) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SessionDirectory.Record r : root.context().sessions().list()) {
            if (user != null && !r.user().equals(user)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("session", shortId(r.id()));
            m.put("user", r.user());
            m.put("service", r.service());
            m.put("replica", r.replica());
            m.put("opened_at", r.openedAt());
            m.put("seen_at", r.seenAt());
            rows.add(m);
        }
        if (root.json()) {
            root.printJson(rows);
            return AdminExit.OK;
        }
        Table t = new Table("SESSION", "USER", "SERVICE", "REPLICA", "OPENED", "SEEN");
        rows.forEach(m -> t.row(m.get("session"), m.get("user"), m.get("service"), m.get("replica"),
                AdminCli.when((long) m.get("opened_at")), AdminCli.when((long) m.get("seen_at"))));
        t.print(root.out());
        return AdminExit.OK;
    }

    static String shortId(String id) {
        return id.length() <= SHOWN_ID_CHARS ? id : id.substring(0, SHOWN_ID_CHARS) + "…";
    }
}
