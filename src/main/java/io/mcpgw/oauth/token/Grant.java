package io.mcpgw.oauth.token;

import io.mcpgw.oauth.UserIdentity;
import java.util.List;

/**
 * What the user granted a client in one authorization: every access and refresh token issued from one authorization
 * code belongs to it, and revoking it revokes them all (code replay, refresh token reuse, RFC 7009 revocation of a
 * refresh token, RFC 7592 client deletion).
 *
 * @param grantId   random id, fixed when the code was issued
 * @param clientId  the client it was granted to
 * @param user      who logged in; refreshed access tokens keep username, email and name from here
 * @param scope     granted scope (space-delimited); requests may narrow it, never widen it
 * @param resources granted RFC 8707 resources; requests may narrow them, never widen them
 * @param createdAt epoch seconds
 */
public record Grant(String grantId, String clientId, UserIdentity user, String scope, List<String> resources,
                    long createdAt) {
    public Grant {
        resources = List.copyOf(resources);
    }
}
