package io.mcpgw.oauth.upstream;

import io.mcpgw.oauth.UserIdentity;
import java.util.Optional;

/**
 * The outcome of one upstream login: who signed in, and the upstream token the gateway keeps (encrypted, bound to
 * the grant) to re-check the user's access rule later: GitHub's access token, or the OpenID provider's refresh
 * token. Empty when the upstream needs none (the development login).
 */
public record UpstreamSignIn(UserIdentity user, Optional<String> credential) {

    @Override
    public String toString() {
        return "UpstreamSignIn[user=" + user + ", credential=" + (credential.isPresent() ? "***" : "none") + "]";
    }
}
