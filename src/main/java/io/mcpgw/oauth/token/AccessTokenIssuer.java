package io.mcpgw.oauth.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.UserIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Mints access tokens in the JWT profile of RFC 9068: signed with the current {@link SigningKeys} key in that key's
 * algorithm (RS256, ES256 or EdDSA: header {@code alg} is always the key's own), header {@code kid} and
 * {@code typ: at+jwt} (§2.1); claims {@code iss}, {@code sub}, {@code aud} (the RFC 8707 resources,
 * a single string when there is one, omitted when there is none), {@code client_id}, {@code scope}, {@code jti}
 * (128 random bits), {@code iat}, {@code nbf}, {@code exp} = {@code iat} + {@code ACCESS_TOKEN_LIFETIME} (§2.2), and
 * the gateway's identity claims {@code username}, {@code email}, {@code name} (each omitted when null).
 *
 * <p>This class only signs; recording the {@code jti} (without which the token does not validate) is the caller's
 * job ({@link TokenMinter}).
 */
public final class AccessTokenIssuer {
    static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final SigningKeys keys;
    private final String issuer;
    private final Duration lifetime;
    private final Clock clock;
    private volatile Signer signer;

    private record Signer(JWK key, JWSSigner signer, JWSHeader header) {
    }

    public AccessTokenIssuer(SigningKeys keys, String issuer, Duration lifetime, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Signs a token for {@code user}, {@code clientId}, {@code scope} (space-delimited) and {@code audiences}. */
    public IssuedAccessToken issue(UserIdentity user, String clientId, String scope, List<String> audiences) {
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = now.plus(lifetime);
        String jti = Secrets.random(16);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user.subject())
                .claim("client_id", clientId)
                .claim("scope", scope)
                .jwtID(jti)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(exp));
        if (!audiences.isEmpty()) {
            claims.audience(audiences); // nimbus writes a one-element audience as a plain string
        }
        optionalClaim(claims, "username", user.username());
        optionalClaim(claims, "email", user.email());
        optionalClaim(claims, "name", user.name());
        Signer s = signer();
        SignedJWT jwt = new SignedJWT(s.header(), claims.build());
        try {
            jwt.sign(s.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return new IssuedAccessToken(jwt.serialize(), jti, now, exp);
    }

    private Signer signer() {
        JWK current = keys.current();
        Signer s = signer;
        if (s == null || !s.key().getKeyID().equals(current.getKeyID())) {
            try {
                s = new Signer(current, SigningJwks.signer(current),
                        new JWSHeader.Builder(SigningJwks.jws(SigningJwks.algorithmOf(current)))
                                .keyID(current.getKeyID()).type(AT_JWT).build());
            } catch (JOSEException e) {
                throw new IllegalStateException("the current signing key cannot sign", e);
            }
            signer = s;
        }
        return s;
    }

    private static void optionalClaim(JWTClaimsSet.Builder claims, String name, String value) {
        if (value != null) {
            claims.claim(name, value);
        }
    }
}
