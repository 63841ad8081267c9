package io.mcpgw.oauth.token;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.OAuthException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a call fails with an OAuth error of a given code (and status). */
final class OAuthAssertions {

    private OAuthAssertions() {
    }

    static OAuthError assertOAuthError(ThrowingCallable call, String code) {
        OAuthException[] caught = new OAuthException[1];
        assertThatThrownBy(call).isInstanceOf(OAuthException.class)
                .satisfies(e -> caught[0] = (OAuthException) e)
                .extracting(e -> ((OAuthException) e).error().code()).isEqualTo(code);
        return caught[0].error();
    }
}
