package io.mcpgw.oauth.token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A successful token response (RFC 6749 §5.1, OAuth 2.1 §3.2.3). The endpoint sends it with
 * {@code Cache-Control: no-store} and {@code Pragma: no-cache}.
 *
 * @param refreshToken present when the client may use the {@code refresh_token} grant
 * @param audiences    audience of the access token (not part of the response; for callers and tests)
 */
public record TokenResponse(String accessToken, long expiresIn, Optional<String> refreshToken, String scope,
                            String jti, List<String> audiences) {

    /** {@code {"access_token","token_type":"Bearer","expires_in","refresh_token","scope"}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", expiresIn);
        refreshToken.ifPresent(rt -> body.put("refresh_token", rt));
        body.put("scope", scope);
        return body;
    }

    @Override
    public String toString() {
        return "TokenResponse[jti=" + jti + ", expiresIn=" + expiresIn + ", scope=" + scope + ", refreshToken="
                + (refreshToken.isPresent() ? "***" : "none") + "]";
    }
}
