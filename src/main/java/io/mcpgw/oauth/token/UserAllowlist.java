package io.mcpgw.oauth.token;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.oauth.UserIdentity;
import java.util.Optional;

/**
 * Whether a user may still hold tokens: re-checked at every token request, not only at login, so removing a login
 * from {@code ALLOWED_GITHUB_USERS} ends its refreshes.
 */
@FunctionalInterface
public interface UserAllowlist {
    UserAllowlist ANYONE = user -> true;

    boolean allows(UserIdentity user);

    /** The GitHub allowlist when GitHub is the login; anyone with the local development login. */
    static UserAllowlist from(Optional<GatewaySettings.GitHub> github) {
        return github.<UserAllowlist>map(gh -> user -> gh.allows(user.subject(), user.username())).orElse(ANYONE);
    }
}
