package io.mcpgw.oauth.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

/**
 * Verifies an OpenID Connect {@code id_token} (OpenID Connect Core §3.1.3.7), in order:
 * <ol>
 *   <li>a JWS signed with an asymmetric algorithm (RS*, PS*, ES*, EdDSA; never {@code none} or HMAC) by a key of
 *       the provider's JWKS. The JWKS is cached; a token naming an unknown {@code kid} makes it fetched again
 *       (rate-limited), so key rotation at the provider needs no restart;</li>
 *   <li>{@code iss} equals the configured issuer exactly; {@code aud} contains the client id, and when it names
 *       more audiences {@code azp} is the client id;</li>
 *   <li>{@code exp} in the future and {@code iat} present (60 s of clock skew allowed); {@code sub} present;</li>
 *   <li>at login, {@code nonce} equals the one sent in the authorization request of this login (a replayed
 *       id_token of another login carries another nonce).</li>
 * </ol>
 * Any failure is an {@link UpstreamLoginException} {@code untrusted_id_token} naming the rule, never the token.
 */
final class IdTokenVerifier {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    static final String UNTRUSTED = "untrusted_id_token";

    private final String issuer;
    private final String clientId;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    IdTokenVerifier(String issuer, String clientId, URI jwksUri, int timeoutMillis) {
        this.issuer = issuer;
        this.clientId = clientId;
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(jwksUri.toURL(),
                            new DefaultResourceRetriever(timeoutMillis, timeoutMillis, 512 * 1024))
                    .cache(true).refreshAheadCache(false).rateLimited(true).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new UpstreamLoginException("temporarily_unavailable", "the provider's jwks_uri is not a URL");
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(clientId,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "iat", "exp"));
        claims.setMaxClockSkew(60);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * @param expectedNonce the nonce of this login; null on a refresh, where the provider may omit it
     * @return the verified claims
     */
    JWTClaimsSet verify(String idToken, String expectedNonce) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (ParseException e) {
            throw untrusted("the id_token is not a signed JWT");
        } catch (BadJWTException e) {
            throw untrusted("the id_token's claims are not acceptable: " + claimProblem(e));
        } catch (BadJOSEException e) {
            throw untrusted("the id_token's signature does not verify with the provider's keys");
        } catch (JOSEException e) {
            throw new UpstreamLoginException("temporarily_unavailable", "the provider's keys could not be fetched");
        }
        List<String> audience = claims.getAudience();
        if (audience.size() > 1 && !clientId.equals(stringClaim(claims, "azp"))) {
            throw untrusted("the id_token names several audiences but azp is not this client");
        }
        if (expectedNonce != null && !expectedNonce.equals(stringClaim(claims, "nonce"))) {
            throw untrusted("the id_token's nonce is not the one of this sign-in (a replayed id_token)");
        }
        return claims;
    }

    private static String claimProblem(BadJWTException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("missing required claims")) {
            return "missing required claims";
        }
        if (m.contains("Expired")) {
            return "expired";
        }
        if (m.contains("aud")) {
            return "issued for another client (aud)";
        }
        if (m.contains("iss")) {
            return "issued by another issuer (iss)";
        }
        return "missing or invalid required claims";
    }

    static String stringClaim(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof String s ? s : null;
    }

    private static UpstreamLoginException untrusted(String message) {
        return new UpstreamLoginException(UNTRUSTED, message);
    }

}
