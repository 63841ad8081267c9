package io.mcpgw.admin;

import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.token.Grant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code admin clients list|show|delete}: registered OAuth clients, from the client index. */
@Command(name = "clients", mixinStandardHelpOptions = true, description = "List, show or delete registered clients.")
final class ClientsCommand {
    @ParentCommand
    AdminCli root;

    @Command(name = "list", description = "Every registered client.")
    int list() {
        ClientRepository clients = root.context().clients();
        List<Map<String, Object>> all = new ArrayList<>();
        for (String id : clients.allIds()) {
            clients.findById(id).ifPresent(c -> all.add(summary(c, clients.timeLeft(id))));
        }
        if (root.json()) {
            root.printJson(all);
            return AdminExit.OK;
        }
        Table t = new Table("CLIENT_ID", "NAME", "AUTH", "REDIRECT_URIS", "REGISTERED", "EXPIRES_IN");
        all.forEach(c -> t.row(c.get("client_id"), c.get("client_name"), c.get("token_endpoint_auth_method"),
                String.join(" ", (List<String>) c.get("redirect_uris")), AdminCli.when((long) c.get("registered_at")),
                c.get("expires_in_seconds") == null ? "never" : c.get("expires_in_seconds") + "s"));
        t.print(root.out());
        return AdminExit.OK;
    }

    @Command(name = "show", description = "One client, with its live grants.")
    int show(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        ClientRepository clients = root.context().clients();
        RegisteredClient c = clients.findById(clientId).orElseThrow(() -> unknown(clientId));
        Map<String, Object> doc = summary(c, clients.timeLeft(clientId));
        doc.put("scope", c.scope());
        doc.put("grant_types", c.grantTypes());
        doc.put("metadata", c.metadata());
        List<Map<String, Object>> grants = new ArrayList<>();
        for (Grant g : root.context().grants().grantsOfClient(clientId)) {
            grants.add(GrantsCommand.summary(g));
        }
        doc.put("grants", grants);
        if (root.json()) {
            root.printJson(doc);
            return AdminExit.OK;
        }
        Table t = new Table("FIELD", "VALUE");
        doc.forEach((k, v) -> {
            if (!k.equals("grants")) {
                t.row(k, v instanceof Long l && k.endsWith("_at") ? AdminCli.when(l) : v);
            }
        });
        t.print(root.out());
        root.out().println();
        GrantsCommand.table(grants).print(root.out());
        return AdminExit.OK;
    }

    @Command(name = "delete", description = "Delete a client and revoke every grant and token it holds.")
    int delete(@Parameters(paramLabel = "CLIENT_ID") String clientId) {
        int grants = root.context().grants().grantsOfClient(clientId).size();
        if (!root.context().registration().deleteAsOperator(clientId)) {
            throw unknown(clientId);
        }
        AdminCli.AUDIT.info("event=admin_client_deleted client_id={} grants_revoked={}", clientId, grants);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deleted", clientId);
        result.put("grants_revoked", grants);
        if (root.json()) {
            root.printJson(result);
        } else {
            root.out().println("deleted client " + clientId + "; revoked " + grants + " grant(s) and their tokens");
        }
        return AdminExit.OK;
    }

    static AdminFailure unknown(String clientId) {
        return AdminFailure.notFound("no client " + printable(clientId) + " (run 'admin clients list')");
    }

    /** Operator input echoed in a message: control characters replaced, length capped. */
    static String printable(String text) {
        String t = text.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 80 ? t.substring(0, 80) + "…" : t;
    }

    private static Map<String, Object> summary(RegisteredClient c, Optional<Duration> left) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", c.clientId());
        m.put("client_name", c.clientName());
        m.put("token_endpoint_auth_method", c.tokenEndpointAuthMethod());
        m.put("redirect_uris", c.redirectUris());
        m.put("registered_at", c.clientIdIssuedAt());
        m.put("expires_in_seconds", left.map(Duration::toSeconds).orElse(null));
        return m;
    }
}
