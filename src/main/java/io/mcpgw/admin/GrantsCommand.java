package io.mcpgw.admin;

import io.mcpgw.access.UserRevocations;
import io.mcpgw.oauth.token.Grant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code admin grants list --user U}: a user's live grants, from the per-user index. */
@Command(name = "grants", mixinStandardHelpOptions = true, description = "List a user's grants.")
final class GrantsCommand {
    @ParentCommand
    AdminCli root;

    @Command(name = "list", description = "The live grants of one user (the upstream user id, e.g. GitHub's "
            + "numeric id, or local-<name> with the development login).")
    int list(@Option(names = "--user", required = true, paramLabel = "USER") String user) {
        requireUser(user);
        List<Map<String, Object>> grants = new ArrayList<>();
        for (Grant g : root.context().grants().grantsOfUser(user)) {
            grants.add(summary(g));
        }
        if (grants.isEmpty()) {
            throw AdminFailure.notFound("no live grants for user " + ClientsCommand.printable(user)
                    + " (unknown user, or every grant expired or was revoked)");
        }
        if (root.json()) {
            root.printJson(grants);
        } else {
            table(grants).print(root.out());
        }
        return AdminExit.OK;
    }

    static void requireUser(String user) {
        if (!UserRevocations.wellFormed(user)) {
            throw AdminFailure.badInput("--user must be 1 to 200 printable characters without spaces");
        }
    }

    static Map<String, Object> summary(Grant g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grant_id", g.grantId());
        m.put("client_id", g.clientId());
        m.put("user", g.user().subject());
        m.put("username", g.user().username());
        m.put("scope", g.scope());
        m.put("resources", g.resources());
        m.put("created_at", g.createdAt());
        return m;
    }

    @SuppressWarnings("unchecked")
    static Table table(List<Map<String, Object>> grants) {
        Table t = new Table("GRANT_ID", "CLIENT_ID", "USER", "USERNAME", "SCOPE", "RESOURCES", "CREATED");
        grants.forEach(g -> t.row(g.get("grant_id"), g.get("client_id"), g.get("user"), g.get("username"),
                g.get("scope"), String.join(" ", (List<String>) g.get("resources")),
                AdminCli.when((long) g.get("created_at"))));
        return t;
    }
}
