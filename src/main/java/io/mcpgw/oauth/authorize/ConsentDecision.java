package io.mcpgw.oauth.authorize;

/**
 * The user's answer on the consent page, accepted: the form was complete, the pending request existed (and is now
 * consumed), and the CSRF token and browser-binding cookie matched ({@link AuthorizationFlow#readDecision}).
 *
 * @param pending  the authorization request the user answered
 * @param approved true for "approve", false for "deny"
 */
public record ConsentDecision(PendingAuthorization pending, boolean approved) {

    public String clientId() {
        return pending.clientId();
    }
}
