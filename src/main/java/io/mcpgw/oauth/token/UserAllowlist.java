package io.mcpgw.oauth.token;

import io.mcpgw.config.GatewaySettings;
import io.mcpgw.oauth.UserIdentity;
import java.util.Optional;

/**
 * Whether a user may still hold tokens, by the configured rule and what the grant recorded at login: re-checked at
 * every token request, not only at login, so removing a login from {@code ALLOWED_GITHUB_USERS} or a group from
 * {@code ALLOWED_OIDC_GROUPS} ends its refreshes. Rules that need the upstream (GitHub organization and team
 * membership, the user's current groups) are asked live by {@link EntitlementRecheck}.
 */
@FunctionalInterface
public interface UserAllowlist {
    UserAllowlist ANYONE = user -> true;

    boolean allows(UserIdentity user);

    /** The GitHub allowlist when GitHub is the login; anyone with the local development login. */
    static UserAllowlist from(Optional<GatewaySettings.GitHub> github) {
        return github.<UserAllowlist>map(gh -> user -> gh.allows(user.subject(), user.username())
                || gh.hasMembershipRules()).orElse(ANYONE);
    }

    /** The rule of the configured upstream: GitHub's, the OpenID provider's, or anyone (development login). */
    static UserAllowlist from(GatewaySettings settings) {
        if (settings.oidc().isPresent()) {
            GatewaySettings.Oidc oidc = settings.oidc().get();
            return user -> oidc.allows(user.subject(), user.email(), user.groups());
        }
        return from(settings.github());
    }
}
