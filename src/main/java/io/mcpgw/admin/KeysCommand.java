package io.mcpgw.admin;

import io.mcpgw.oauth.token.SigningKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code admin keys list|rotate|retire}: the RS256 signing keys. Rotation puts a new key first and keeps the old ones
 * verifying; retiring removes an old key, so tokens it signed stop verifying everywhere. Key ids (RFC 7638
 * thumbprints) are public; no private parameter is ever printed.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "List, rotate or retire signing keys.")
final class KeysCommand {
    @ParentCommand
    AdminCli root;

    @Command(name = "list", description = "The published keys, current first.")
    int list() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SigningKeys.KeyInfo k : SigningKeys.describe(root.context().store())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kid", k.kid());
            m.put("state", k.current() ? "current" : "verify-only");
            m.put("private_key_stored", k.privateKey());
            rows.add(m);
        }
        if (root.json()) {
            root.printJson(rows);
            return AdminExit.OK;
        }
        Table t = new Table("KID", "STATE", "PRIVATE_KEY_STORED");
        rows.forEach(m -> t.row(m.get("kid"), m.get("state"), m.get("private_key_stored")));
        t.print(root.out());
        return AdminExit.OK;
    }

    @Command(name = "rotate", description = "Make a new key current; earlier keys keep verifying until retired. "
            + "Running gateways pick it up within a minute.")
    int rotate() {
        String kid = rotate(root.context());
        if (root.json()) {
            root.printJson(Map.of("current_kid", kid));
        } else {
            root.out().println("current signing key: " + kid);
        }
        return AdminExit.OK;
    }

    @Command(name = "retire", description = "Remove an old key: tokens it signed stop verifying on every replica "
            + "within a minute. The current key cannot be retired.")
    int retire(@Parameters(paramLabel = "KID") String kid) {
        boolean removed;
        try {
            removed = signingKeys(root.context()).retire(kid);
        } catch (IllegalStateException e) {
            throw AdminFailure.badInput(e.getMessage());
        }
        if (!removed) {
            throw AdminFailure.notFound("no signing key " + ClientsCommand.printable(kid) + " (run 'admin keys list')");
        }
        AdminCli.AUDIT.info("event=admin_key_retired kid={}", kid);
        if (root.json()) {
            root.printJson(Map.of("retired_kid", kid));
        } else {
            root.out().println("retired signing key " + kid);
        }
        return AdminExit.OK;
    }

    /** Rotates and audits; shared with the {@code rotate-signing-key} alias. */
    static String rotate(AdminContext ctx) {
        String kid;
        try {
            kid = signingKeys(ctx).rotate().getKeyID();
        } catch (IllegalStateException e) {
            throw AdminFailure.badInput(e.getMessage());
        }
        AdminCli.AUDIT.info("event=admin_key_rotated current_kid={}", kid);
        return kid;
    }

    private static SigningKeys signingKeys(AdminContext ctx) {
        return new SigningKeys(ctx.store(), ctx.settings().jwtPrivateKeyPem(), ctx.clock());
    }
}
