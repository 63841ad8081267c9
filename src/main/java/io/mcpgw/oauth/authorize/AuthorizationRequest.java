package io.mcpgw.oauth.authorize;

import io.mcpgw.oauth.client.RegisteredClient;
import java.util.List;

/** An authorization request that passed every check of {@link AuthorizationRequestValidator}. */
public record AuthorizationRequest(RegisteredClient client, String redirectUri, String state, String codeChallenge,
                                   String scope, List<String> resources) {
}
