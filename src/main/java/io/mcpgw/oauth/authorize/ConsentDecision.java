package io.mcpgw.oauth.authorize;

/**
 * The user's answer on the consent page, accepted: the form was complete, the pending request existed (and is now
 * consumed), and the CSRF token and browser-binding cookie matched ({@link AuthorizationFlow#readDecision}).
 *
 * @param pending  the authorization request the user answered
 * @param approved  true for "approve", false for "deny"
 * @param requestId the consent page's request id (names its browser-binding cookie, cleared on the answer)
 */
public record ConsentDecision(PendingAuthorization pending, boolean approved, String requestId) {

    public String clientId() {
        return pending.clientId();
    }
}
