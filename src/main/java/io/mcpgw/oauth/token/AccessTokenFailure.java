package io.mcpgw.oauth.token;

/** Why an access token was refused by {@link AccessTokenValidator}; every reason maps to {@code invalid_token}. */
public enum AccessTokenFailure {
    /** Not a compact JWS, undecodable, or a required claim ({@code exp}, {@code jti}) missing or mistyped. */
    MALFORMED,
    /**
     * Header {@code alg} not RS256, ES256 or EdDSA ({@code none}, HS256…), or not the algorithm of the key its
     * {@code kid} names, RFC 8725 §3.1.
     */
    UNSUPPORTED_ALG,
    /** Header {@code typ} is not {@code at+jwt} (RFC 9068 §4). */
    WRONG_TYPE,
    /** No {@code kid}, or a {@code kid} that names none of our keys. */
    UNKNOWN_KEY,
    BAD_SIGNATURE,
    WRONG_ISSUER,
    EXPIRED,
    NOT_YET_VALID,
    /** {@code aud} does not contain the resource the token is presented to (RFC 8707; MCP authorization: audience validation). */
    WRONG_AUDIENCE,
    /** The {@code oauth:token:{jti}} record is gone: revoked, its grant revoked, or never issued by this gateway. */
    REVOKED
}
