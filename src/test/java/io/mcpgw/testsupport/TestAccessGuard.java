package io.mcpgw.testsupport;

import io.mcpgw.access.AccessDecision;
import io.mcpgw.access.AccessGuard;
import io.mcpgw.access.AccessRequest;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test stand-in for the real token validation: {@code Authorization: Bearer user-<name>} is user {@code <name>};
 * anything else is a 401 with the resource metadata challenge. Counts calls, so tests can prove the check ran on
 * every request.
 */
public final class TestAccessGuard implements AccessGuard {
    public final AtomicInteger checks = new AtomicInteger();

    @Override
    public AccessDecision check(AccessRequest request) {
        checks.incrementAndGet();
        String auth = request.authorization();
        if (auth != null && auth.startsWith("Bearer user-") && auth.length() > "Bearer user-".length()) {
            String user = auth.substring("Bearer user-".length());
            return new AccessDecision.Allowed(user, user, null, "test-client", java.util.List.of("mcp:tools"));
        }
        URI resource = URI.create(request.resource());
        String origin = resource.getScheme() + "://" + resource.getRawAuthority();
        return new AccessDecision.Denied(401, Map.of("WWW-Authenticate", "Bearer resource_metadata=\"" + origin
                + "/.well-known/oauth-protected-resource/" + request.service() + "/mcp\""), "application/json",
                "{\"error\":\"invalid_token\"}");
    }
}
