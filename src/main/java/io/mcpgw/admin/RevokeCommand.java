package io.mcpgw.admin;

import io.mcpgw.oauth.token.GrantStore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code admin revoke --user U | --client C}.
 *
 * <p>{@code --user}: every grant of the user (and so every access and refresh token) is deleted through the per-user
 * index, and a store-backed marker ({@link io.mcpgw.access.UserRevocations}) makes every replica refuse the user's
 * tokens issued up to now and end the user's live MCP sessions with their children. {@code --client}: every grant of
 * the client, through the per-client index; the registration stays (use {@code clients delete} to remove it).
 * A user or client the store does not know is refused with exit code 1 and nothing is written.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke every grant, token and live MCP session of a user, or every grant of a client.")
final class RevokeCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    AdminCli root;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--user", paramLabel = "USER", description = "The upstream user id (see 'grants list').")
        String user;
        @Option(names = "--client", paramLabel = "CLIENT_ID")
        String client;
    }

    @Option(names = "--reason", description = "Recorded in the audit log.", defaultValue = "revoked by the operator")
    String reason;

    @Option(names = "--force", description = "With --user: set the marker even when no grant or session of the user "
            + "is known (tokens issued by an earlier version, whose grants are not indexed).")
    boolean force;

    @Override
    public Integer call() {
        return target.user != null ? revokeUser(target.user) : revokeClient(target.client);
    }

    private int revokeUser(String user) {
        GrantsCommand.requireUser(user);
        AdminContext ctx = root.context();
        GrantStore grants = ctx.grants();
        boolean known = !grants.grantsOfUser(user).isEmpty()
                || ctx.sessions().list().stream().anyMatch(s -> s.user().equals(user));
        if (!known && !force) {
            throw AdminFailure.notFound("no grant or live session of user " + ClientsCommand.printable(user)
                    + " (check the id with 'admin sessions list' or 'admin grants list --user'; --force sets the "
                    + "revocation anyway)");
        }
        ctx.revocations().revokeUser(user, reason);
        int revoked = grants.revokeUser(user);
        int endedHere = ctx.localSessions().map(s -> s.endSessionsOf(user, "the operator revoked the user")).orElse(0);
        AdminCli.AUDIT.info("event=admin_revoke_user user={} grants_revoked={} sessions_ended_here={} reason=\"{}\"",
                user, revoked, endedHere, reason.replaceAll("[\\p{Cntrl}\"]", " "));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("user", user);
        result.put("grants_revoked", revoked);
        result.put("sessions_ended_here", endedHere);
        result.put("other_replicas_within_ms", ctx.settings().admin().revocationCheck().toMillis());
        if (root.json()) {
            root.printJson(result);
        } else {
            root.out().println("revoked user " + user + ": " + revoked + " grant(s) with their tokens; live MCP "
                    + "sessions end on every replica within " + ctx.settings().admin().revocationCheck().toMillis()
                    + " ms");
        }
        return AdminExit.OK;
    }

    private int revokeClient(String clientId) {
        AdminContext ctx = root.context();
        GrantStore grants = ctx.grants();
        if (ctx.clients().findById(clientId).isEmpty() && grants.grantsOfClient(clientId).isEmpty()) {
            throw ClientsCommand.unknown(clientId);
        }
        int revoked = grants.revokeClient(clientId);
        AdminCli.AUDIT.info("event=admin_revoke_client client_id={} grants_revoked={}", clientId, revoked);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("client_id", clientId);
        result.put("grants_revoked", revoked);
        if (root.json()) {
            root.printJson(result);
        } else {
            root.out().println("revoked " + revoked + " grant(s) of client " + clientId + " and their tokens; the "
                    + "client stays registered");
        }
        return AdminExit.OK;
    }

}
