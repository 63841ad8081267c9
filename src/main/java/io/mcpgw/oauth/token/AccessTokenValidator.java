package io.mcpgw.oauth.token;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates gateway access tokens (OAuth 2.1 §5.2, RFC 9068 §4, RFC 8725 §3), in this order, cheapest first:
 * <ol>
 *   <li>compact JWS, at most {@value #MAX_LENGTH} characters ({@link AccessTokenFailure#MALFORMED});</li>
 *   <li>header {@code alg} one of RS256, ES256, EdDSA: {@code none}, HS256 (also an HMAC "signed" with our public
 *       key's bytes) and every other algorithm are refused before any key is touched
 *       ({@link AccessTokenFailure#UNSUPPORTED_ALG});</li>
 *   <li>header {@code typ} {@code at+jwt} ({@link AccessTokenFailure#WRONG_TYPE});</li>
 *   <li>{@code kid} names one of our {@link SigningKeys} ({@link AccessTokenFailure#UNKNOWN_KEY});</li>
 *   <li>header {@code alg} is that key's own algorithm: an RS256 header on an EC key, an ES256 header on an RSA key
 *       and the like are refused ({@link AccessTokenFailure#UNSUPPORTED_ALG}, RFC 8725 §3.1: no algorithm
 *       confusion), so only the algorithms of the keys held are accepted, each with its own keys;</li>
 *   <li>the signature verifies with that key ({@link AccessTokenFailure#BAD_SIGNATURE});</li>
 *   <li>{@code iss} equals the issuer; {@code exp} present and not passed, {@code nbf} not in the future, both with
 *       {@value #LEEWAY_SECONDS} s leeway; {@code jti} present;</li>
 *   <li>optionally, {@code aud} contains the resource the token is presented to (RFC 8707; MCP authorization: audience validation);</li>
 *   <li>last, the only store read: the {@code oauth:token:{jti}} record exists ({@link AccessTokenFailure#REVOKED}).</li>
 * </ol>
 * Verifiers are cached per {@code kid} (a thumbprint, so one key), for every key type; failures are preallocated exceptions. This class also backs the ForwardAuth
 * {@code /verify} endpoint.
 */
public final class AccessTokenValidator {
    static final int MAX_LENGTH = 8192;
    static final long LEEWAY_SECONDS = 10;

    private final SigningKeys keys;
    private final GrantStore grants;
    private final String issuer;
    private final Clock clock;
    /** Every algorithm some key may have; anything else is refused before a key is looked up. */
    private static final Set<JWSAlgorithm> KNOWN_ALGS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
            JWSAlgorithm.EdDSA);

    private final Map<String, KeyVerifier> verifiers = new ConcurrentHashMap<>();

    /** A key's verifier and the one algorithm it accepts. */
    private record KeyVerifier(JWSAlgorithm alg, JWSVerifier verifier) {
    }

    public AccessTokenValidator(SigningKeys keys, GrantStore grants, String issuer, Clock clock) {
        this.keys = keys;
        this.grants = grants;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** Full validation without an audience check (introspection). */
    public ValidatedAccessToken validate(String token) {
        return validate(token, null);
    }

    /**
     * Full validation.
     *
     * @param expectedAudience the resource the token is presented to; null skips the audience check
     * @throws InvalidAccessTokenException with the first rule the token breaks
     */
    public ValidatedAccessToken validate(String token, String expectedAudience) {
        ValidatedAccessToken t = verifiedClaims(token);
        long now = clock.instant().getEpochSecond();
        if (now - LEEWAY_SECONDS >= t.expiresAt().getEpochSecond()) {
            throw fail(AccessTokenFailure.EXPIRED);
        }
        if (t.notBefore() != null && now + LEEWAY_SECONDS < t.notBefore().getEpochSecond()) {
            throw fail(AccessTokenFailure.NOT_YET_VALID);
        }
        if (expectedAudience != null && !t.audiences().contains(expectedAudience)) {
            throw fail(AccessTokenFailure.WRONG_AUDIENCE);
        }
        if (!grants.accessTokenExists(t.jti())) {
            throw fail(AccessTokenFailure.REVOKED);
        }
        return t;
    }

    /**
     * A token we signed, whatever its times, audience and revocation state (RFC 7009 revocation accepts expired
     * tokens). Empty when the algorithm, key, signature, issuer or claim syntax is wrong.
     */
    public Optional<ValidatedAccessToken> signedByUs(String token) {
        try {
            return Optional.of(verifiedClaims(token));
        } catch (InvalidAccessTokenException e) {
            return Optional.empty();
        }
    }

    /** Steps 1–5 of the class rules except the times. */
    private ValidatedAccessToken verifiedClaims(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            throw fail(AccessTokenFailure.MALFORMED);
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw fail(classifyUnparseable(token));
        }
        JWSHeader header = jwt.getHeader();
        if (!KNOWN_ALGS.contains(header.getAlgorithm())) {
            throw fail(AccessTokenFailure.UNSUPPORTED_ALG);
        }
        if (!isAccessTokenType(header.getType())) {
            throw fail(AccessTokenFailure.WRONG_TYPE);
        }
        KeyVerifier verifier = verifier(header.getKeyID());
        if (!verifier.alg().equals(header.getAlgorithm())) {
            throw fail(AccessTokenFailure.UNSUPPORTED_ALG);
        }
        try {
            if (!jwt.verify(verifier.verifier())) {
                throw fail(AccessTokenFailure.BAD_SIGNATURE);
            }
        } catch (JOSEException e) {
            throw fail(AccessTokenFailure.BAD_SIGNATURE);
        }
        try {
            return toValidated(jwt.getJWTClaimsSet());
        } catch (ParseException | ClassCastException e) {
            throw fail(AccessTokenFailure.MALFORMED);
        }
    }

    private ValidatedAccessToken toValidated(JWTClaimsSet c) throws ParseException {
        if (!issuer.equals(c.getIssuer())) {
            throw fail(AccessTokenFailure.WRONG_ISSUER);
        }
        Date exp = c.getExpirationTime();
        String jti = c.getJWTID();
        if (exp == null || jti == null || jti.isEmpty()) {
            throw fail(AccessTokenFailure.MALFORMED);
        }
        String scope = c.getStringClaim("scope");
        List<String> scopes = scope == null || scope.isBlank() ? List.of() : List.of(scope.trim().split(" +"));
        return new ValidatedAccessToken(c.getSubject(), c.getStringClaim("username"), c.getStringClaim("email"),
                c.getStringClaim("name"), c.getStringClaim("client_id"), scopes, c.getAudience(), jti,
                instant(c.getIssueTime()), instant(c.getNotBeforeTime()), exp.toInstant());
    }

    private KeyVerifier verifier(String kid) {
        Optional<JWK> key = keys.verificationKey(kid);
        if (key.isEmpty()) {
            throw fail(AccessTokenFailure.UNKNOWN_KEY);
        }
        return verifiers.computeIfAbsent(kid, k -> {
            try {
                return new KeyVerifier(SigningJwks.jws(SigningJwks.algorithmOf(key.get())),
                        SigningJwks.verifier(key.get()));
            } catch (JOSEException | IllegalArgumentException e) {
                throw fail(AccessTokenFailure.UNKNOWN_KEY);
            }
        });
    }

    /** A token nimbus will not parse as a JWS: {@code alg: none} or a JWE header is an algorithm problem. */
    private static AccessTokenFailure classifyUnparseable(String token) {
        int dot = token.indexOf('.');
        if (dot > 0) {
            try {
                Header h = Header.parse(new Base64URL(token.substring(0, dot)));
                if (h.getAlgorithm() != null && !KNOWN_ALGS.contains(h.getAlgorithm())) {
                    return AccessTokenFailure.UNSUPPORTED_ALG;
                }
            } catch (ParseException | RuntimeException e) {
                return AccessTokenFailure.MALFORMED;
            }
        }
        return AccessTokenFailure.MALFORMED;
    }

    private static boolean isAccessTokenType(JOSEObjectType type) {
        if (type == null) {
            return false;
        }
        String t = type.getType();
        return "at+jwt".equalsIgnoreCase(t) || "application/at+jwt".equalsIgnoreCase(t);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static InvalidAccessTokenException fail(AccessTokenFailure reason) {
        return InvalidAccessTokenException.of(reason);
    }
}
