package io.mcpgw.oauth.authorize;

import io.mcpgw.oauth.resource.Audience;
import io.mcpgw.oauth.OAuthException;
import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.Scopes;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.RedirectUriRules;
import io.mcpgw.oauth.client.RegisteredClient;
import io.mcpgw.oauth.resource.ResourceCatalog;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of {@code GET /authorize}, in order (OAuth 2.1 §4.1.1, RFC 7636, RFC 8707):
 * <ol>
 *   <li>{@code client_id} names a registered client, or is the URL of a valid client metadata document — else a
 *       page naming the reason, never a redirect;</li>
 *   <li>{@code redirect_uri} is one of the client's (exact, loopback port may differ: RFC 8252 §7.3); may be omitted
 *       only when the client registered exactly one — else a page;</li>
 *   <li>no parameter repeated (except {@code resource}); {@code state} at most 2048 characters;</li>
 *   <li>{@code response_type} is {@code code} ({@code unsupported_response_type});</li>
 *   <li>PKCE: {@code code_challenge} present, 43 base64url characters, {@code code_challenge_method=S256};</li>
 *   <li>{@code scope} well-formed ({@code invalid_scope}); unknown scope values are ignored (RFC 6749 §3.3 lets the
 *       server grant less; Claude.ai asks for {@code claudeai}) and the token response names what was granted;
 *       nothing left: the client's registered scope, else {@code mcp:tools};</li>
 *   <li>each {@code resource} an absolute URI of a known MCP service ({@code invalid_target}); none given means every
 *       service (2025-03-26 clients never send it).</li>
 * </ol>
 */
public final class AuthorizationRequestValidator {
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MAX_STATE = 2048;
    private final ClientRepository clients;
    private final ResourceCatalog resources;

    public AuthorizationRequestValidator(ClientRepository clients, ResourceCatalog resources) {
        this.clients = clients;
        this.resources = resources;
    }

    public AuthorizationRequest validate(Parameters q) {
        RegisteredClient client = checkClient(q);
        String redirectUri = checkRedirectUri(q, client);
        String state = single(q, "state", redirectUri, null).orElse(null);
        if (state != null && state.length() > MAX_STATE) {
            throw AuthorizationProblem.redirect("invalid_request", "state is longer than " + MAX_STATE + " characters",
                    redirectUri, null);
        }
        checkResponseType(q, client, redirectUri, state);
        String challenge = checkPkce(q, redirectUri, state);
        String scope = checkScope(q, client, redirectUri, state);
        List<String> audience = checkResources(q, redirectUri, state);
        return new AuthorizationRequest(client, redirectUri, state, challenge, scope, audience);
    }

    private RegisteredClient checkClient(Parameters q) {
        String clientId;
        try {
            clientId = q.optional("client_id").orElse(null);
        } catch (OAuthException e) {
            throw AuthorizationProblem.page("invalid_request", "client_id is repeated");
        }
        if (clientId == null) {
            throw AuthorizationProblem.page("invalid_request", "The request has no client_id.");
        }
        Optional<RegisteredClient> client;
        try {
            client = clients.findById(clientId);
        } catch (OAuthException e) {
            throw AuthorizationProblem.page(e.error().code(), "The application cannot be trusted: "
                    + e.error().description() + ".");
        }
        return client.orElseThrow(() -> AuthorizationProblem.page("invalid_client",
                "The application that sent you here is not registered with this gateway (client id "
                        + clientId + "). Its registration may have expired: reconnect it so that it registers again."));
    }

    private String checkRedirectUri(Parameters q, RegisteredClient client) {
        Optional<String> presented;
        try {
            presented = q.optional("redirect_uri");
        } catch (OAuthException e) {
            throw AuthorizationProblem.page("invalid_request", "redirect_uri is repeated");
        }
        if (presented.isEmpty()) {
            if (client.redirectUris().size() == 1) {
                return client.redirectUris().get(0);
            }
            throw AuthorizationProblem.page("invalid_request", "The request has no redirect_uri.");
        }
        if (!RedirectUriRules.matches(client.redirectUris(), presented.get())) {
            throw AuthorizationProblem.page("invalid_request",
                    "The redirect_uri is not one this application registered, so the gateway will not send you there.");
        }
        return presented.get();
    }

    private static void checkResponseType(Parameters q, RegisteredClient client, String redirectUri, String state) {
        String responseType = single(q, "response_type", redirectUri, state).orElseThrow(() ->
                AuthorizationProblem.redirect("invalid_request", "response_type is required", redirectUri, state));
        if (!"code".equals(responseType) || !client.responseTypes().contains("code")) {
            throw AuthorizationProblem.redirect("unsupported_response_type", "only response_type=code is supported",
                    redirectUri, state);
        }
    }

    private static String checkPkce(Parameters q, String redirectUri, String state) {
        String challenge = single(q, "code_challenge", redirectUri, state).orElseThrow(() ->
                AuthorizationProblem.redirect("invalid_request", "code_challenge is required (PKCE)", redirectUri, state));
        String method = single(q, "code_challenge_method", redirectUri, state).orElse("plain");
        if (!"S256".equals(method)) {
            throw AuthorizationProblem.redirect("invalid_request", "code_challenge_method must be S256", redirectUri, state);
        }
        if (!S256_CHALLENGE.matcher(challenge).matches()) {
            throw AuthorizationProblem.redirect("invalid_request",
                    "code_challenge must be 43 base64url characters (S256)", redirectUri, state);
        }
        return challenge;
    }

    private static String checkScope(Parameters q, RegisteredClient client, String redirectUri, String state) {
        Set<String> requested;
        try {
            requested = Scopes.parse(single(q, "scope", redirectUri, state).orElse(null));
        } catch (OAuthException e) {
            throw AuthorizationProblem.redirect("invalid_scope", e.error().description(), redirectUri, state);
        }
        requested.removeIf(s -> !Scopes.isSupported(s));
        if (requested.isEmpty()) {
            Set<String> registered = new LinkedHashSet<>();
            Scopes.parse(client.scope()).stream().filter(Scopes::isSupported).forEach(registered::add);
            requested = registered.isEmpty() ? Set.of(Scopes.DEFAULT) : registered;
        }
        return Scopes.format(requested);
    }

    private List<String> checkResources(Parameters q, String redirectUri, String state) {
        List<String> given = q.all("resource");
        if (given.isEmpty()) {
            List<String> all = resources.allPrimaryResources().stream()
                    .map(r -> Audience.of(r).value()).toList();
            if (all.isEmpty()) {
                throw AuthorizationProblem.redirect("invalid_target", "this gateway has no MCP service to grant",
                        redirectUri, state);
            }
            return all;
        }
        List<String> out = new ArrayList<>();
        for (String r : given) {
            if (resources.serviceOf(r).isEmpty()) {
                throw AuthorizationProblem.redirect("invalid_target", resources.unavailableReason(r)
                        .orElse("resource is not an MCP service of this gateway"), redirectUri, state);
            }
            String canonical = Audience.of(r).value();
            if (!out.contains(canonical)) {
                out.add(canonical);
            }
        }
        return out;
    }

    private static Optional<String> single(Parameters q, String name, String redirectUri, String state) {
        try {
            return q.optional(name);
        } catch (OAuthException e) {
            throw AuthorizationProblem.redirect("invalid_request", name + " is repeated", redirectUri, state);
        }
    }
}
