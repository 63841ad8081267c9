package io.mcpgw.admin;

import io.mcpgw.oauth.Scopes;
import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.resource.Audience;
import io.mcpgw.oauth.resource.ResourceCatalog;
import io.mcpgw.oauth.token.Grant;
import io.mcpgw.oauth.token.IssuedAccessToken;
import io.mcpgw.oauth.token.OperatorTokens;
import io.mcpgw.oauth.token.SigningKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code admin token --user U --service S}: an access token for automation, printed with ready-to-paste client
 * snippets. The only admin command that prints a token. The token belongs to a grant of the pseudo client
 * {@value OperatorTokens#CLIENT_ID} for that user, lives {@code ACCESS_TOKEN_LIFETIME} (no refresh token), and is
 * withdrawn by {@code revoke --user U} or {@code revoke --client admin-cli}. The user's name and e-mail come from their
 * latest grant when they have one.
 */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Issue an access token of a user for one "
        + "MCP service (automation) and print a ready client snippet.")
final class TokenCommand implements Callable<Integer> {
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @ParentCommand
    AdminCli root;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The upstream user id.")
    String user;

    @Option(names = "--service", required = true, paramLabel = "SERVICE", description = "The MCP service name.")
    String service;

    @Override
    public Integer call() {
        GrantsCommand.requireUser(user);
        if (!SERVICE.matcher(service).matches()) {
            throw AdminFailure.badInput("--service must be a service name (lower-case letters, digits, '-')");
        }
        AdminContext ctx = root.context();
        if (!ctx.settings().role().servesOAuth()) {
            throw AdminFailure.badInput("run this where the authorization server runs (GATEWAY_ROLE auth or all): "
                    + "it signs with the private key");
        }
        List<Grant> grants = ctx.grants().grantsOfUser(user);
        UserIdentity identity = grants.isEmpty() ? new UserIdentity(user, user, null, null)
                : grants.get(grants.size() - 1).user();
        String resource = new ResourceCatalog(ctx.settings().issuer(), ctx.settings().baseDomain())
                .primaryResource(service);
        String audience = Audience.of(resource).value();
        SigningKeys keys = new SigningKeys(ctx.store(), ctx.settings().jwtPrivateKeyPem(), ctx.clock());
        IssuedAccessToken token = new OperatorTokens(keys, ctx.grants(), ctx.settings().issuer(),
                ctx.settings().accessTokenLifetime(), ctx.clock()).issue(identity, audience, Scopes.MCP_TOOLS);
        AdminCli.AUDIT.info("event=admin_token_issued user={} service={} jti={} expires_at={}", user, service,
                token.jti(), token.expiresAt().getEpochSecond());
        if (root.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("access_token", token.value());
            doc.put("token_type", "Bearer");
            doc.put("expires_at", token.expiresAt().getEpochSecond());
            doc.put("url", resource);
            doc.put("user", user);
            doc.put("scope", Scopes.MCP_TOOLS);
            root.printJson(doc);
            return AdminExit.OK;
        }
        String v = token.value();
        root.out().println("# access token of " + user + " for " + service + ", valid until "
                + AdminCli.when(token.expiresAt().getEpochSecond()) + " (revoke: admin revoke --user " + user + ")");
        root.out().println("export MCP_URL='" + resource + "'");
        root.out().println("export MCP_TOKEN='" + v + "'");
        root.out().println();
        root.out().println("# curl: open a session (the reply's Mcp-Session-Id header names it)");
        root.out().println("curl -si \"$MCP_URL\" -H \"Authorization: Bearer $MCP_TOKEN\" \\");
        root.out().println("  -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\");
        root.out().println("  -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"automation\",\"version\":\"1\"}}}'");
        root.out().println();
        root.out().println("# MCP client configuration (e.g. .mcp.json), Streamable HTTP with a fixed header");
        root.out().println("{\"mcpServers\":{\"" + service + "\":{\"type\":\"http\",\"url\":\"" + resource
                + "\",\"headers\":{\"Authorization\":\"Bearer " + v + "\"}}}}");
        root.out().flush();
        return AdminExit.OK;
    }
}
