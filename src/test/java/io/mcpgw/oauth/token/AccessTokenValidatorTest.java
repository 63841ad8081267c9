package io.mcpgw.oauth.token;

import static io.mcpgw.oauth.token.TokenFixture.ALICE;
import static io.mcpgw.oauth.token.TokenFixture.ISSUER;
import static io.mcpgw.oauth.token.TokenFixture.RESOURCE_A;
import static io.mcpgw.oauth.token.TokenFixture.RESOURCE_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.mcpgw.oauth.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessTokenValidatorTest {
    private final TokenFixture f = new TokenFixture();

    /** A token issued the normal way and recorded, audience {@link TokenFixture#RESOURCE_A}. */
    private IssuedAccessToken issued() {
        IssuedAccessToken at = f.issuer.issue(ALICE, "client-1", "mcp:tools", List.of(RESOURCE_A));
        f.grants.recordAccessToken(at.jti(), new AccessTokenRecord("grant-1", "client-1", ALICE.subject(),
                at.expiresAt().getEpochSecond()));
        return at;
    }

    /** Claims like the issuer's, with a recorded jti, for hand-made tokens. */
    private JWTClaimsSet.Builder claims() {
        Instant now = f.clock.instant();
        String jti = Secrets.random(16);
        f.grants.recordAccessToken(jti, new AccessTokenRecord("grant-1", "client-1", "1001",
                now.plus(TokenFixture.ACCESS).getEpochSecond()));
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("1001").audience(RESOURCE_A)
                .claim("client_id", "client-1").claim("scope", "mcp:tools").jwtID(jti)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TokenFixture.ACCESS)));
    }

    private static JWSHeader.Builder rs256(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(new JOSEObjectType("at+jwt"));
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private AccessTokenFailure failure(String token, String audience) {
        try {
            f.validator.validate(token, audience);
        } catch (InvalidAccessTokenException e) {
            return e.reason();
        }
        throw new AssertionError("the token was accepted");
    }

    @Test
    void validateWhenTokenIsGoodThenReturnsItsClaims() throws Exception {
        IssuedAccessToken at = issued();
        SignedJWT parsed = SignedJWT.parse(at.value());

        ValidatedAccessToken v = f.validator.validate(at.value(), RESOURCE_A);

        assertThat(parsed.getHeader().getKeyID()).isEqualTo(f.keys.current().getKeyID());
        assertThat(parsed.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(parsed.getPayload().toJSONObject().get("aud")).isEqualTo(RESOURCE_A); // one audience: a string
        assertThat(v.subject()).isEqualTo("1001");
        assertThat(v.username()).isEqualTo("alice");
        assertThat(v.email()).isEqualTo("alice@example.com");
        assertThat(v.name()).isEqualTo("Alice A.");
        assertThat(v.clientId()).isEqualTo("client-1");
        assertThat(v.scopes()).containsExactly("mcp:tools");
        assertThat(v.audiences()).containsExactly(RESOURCE_A);
        assertThat(v.jti()).isEqualTo(at.jti());
        assertThat(v.expiresAt()).isEqualTo(f.clock.instant().plus(TokenFixture.ACCESS));
        assertThat(v.issuedAt()).isEqualTo(f.clock.instant());
    }

    @Test
    void issueWhenUserHasNoEmailOrNameThenThoseClaimsAreOmitted() throws Exception {
        IssuedAccessToken at = f.issuer.issue(new io.mcpgw.oauth.UserIdentity("7", "bob", null, null), "c",
                "mcp:tools", List.of(RESOURCE_A, RESOURCE_B));
        var payload = SignedJWT.parse(at.value()).getPayload().toJSONObject();
        assertThat(payload).doesNotContainKeys("email", "name").containsEntry("username", "bob");
        assertThat(payload.get("aud")).isEqualTo(List.of(RESOURCE_A, RESOURCE_B));
        assertThat(((Number) payload.get("exp")).longValue() - ((Number) payload.get("iat")).longValue())
                .isEqualTo(TokenFixture.ACCESS.toSeconds());
    }

    @Test
    void validateWhenAlgIsNoneThenUnsupportedAlg() {
        String token = new PlainJWT(claims().build()).serialize();
        assertThat(failure(token, null)).isEqualTo(AccessTokenFailure.UNSUPPORTED_ALG);
    }

    @Test
    void validateWhenHs256SignedWithThePublicKeyBytesThenUnsupportedAlg() throws Exception {
        RSAKey ours = (RSAKey) f.keys.current();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(ours.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims().build());
        jwt.sign(new MACSigner(ours.toRSAPublicKey().getEncoded()));
        assertThat(failure(jwt.serialize(), null)).isEqualTo(AccessTokenFailure.UNSUPPORTED_ALG);
    }

    @Test
    void validateWhenAnotherAsymmetricAlgThenUnsupportedAlg() throws Exception {
        RSAKey ours = (RSAKey) f.keys.current();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(ours.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims().build());
        jwt.sign(new RSASSASigner(ours));
        assertThat(failure(jwt.serialize(), null)).isEqualTo(AccessTokenFailure.UNSUPPORTED_ALG);
    }

    @Test
    void validateWhenForeignKeyUsesOurKidThenBadSignature() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).generate();
        String token = sign(rs256(f.keys.current().getKeyID()).build(), claims().build(), foreign);
        assertThat(failure(token, null)).isEqualTo(AccessTokenFailure.BAD_SIGNATURE);
    }

    @Test
    void validateWhenKidIsUnknownOrMissingThenUnknownKey() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        assertThat(failure(sign(rs256(foreign.getKeyID()).build(), claims().build(), foreign), null))
                .isEqualTo(AccessTokenFailure.UNKNOWN_KEY);
        assertThat(failure(sign(rs256(null).build(), claims().build(), (RSAKey) f.keys.current()), null))
                .isEqualTo(AccessTokenFailure.UNKNOWN_KEY);
    }

    @Test
    void validateWhenPayloadIsTamperedThenBadSignature() throws Exception {
        String[] parts = issued().value().split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8);
        String forged = payload.replace("\"mcp:tools\"", "\"mcp:tools admin\"");
        assertThat(forged).isNotEqualTo(payload);
        String token = parts[0] + "." + Base64URL.encode(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThat(failure(token, null)).isEqualTo(AccessTokenFailure.BAD_SIGNATURE);
    }

    @Test
    void validateWhenExpiredBeyondLeewayThenExpired() {
        IssuedAccessToken at = issued();
        f.clock.advance(TokenFixture.ACCESS.plusSeconds(5));
        assertThat(f.validator.validate(at.value()).jti()).isEqualTo(at.jti()); // within 10 s leeway
        f.clock.advance(Duration.ofSeconds(6));
        assertThat(failure(at.value(), null)).isEqualTo(AccessTokenFailure.EXPIRED);
    }

    @Test
    void validateWhenNotBeforeIsInTheFutureThenNotYetValid() throws Exception {
        Instant now = f.clock.instant();
        String soon = sign(rs256(f.keys.current().getKeyID()).build(),
                claims().notBeforeTime(Date.from(now.plusSeconds(5))).build(), (RSAKey) f.keys.current());
        String later = sign(rs256(f.keys.current().getKeyID()).build(),
                claims().notBeforeTime(Date.from(now.plusSeconds(60))).build(), (RSAKey) f.keys.current());
        assertThat(f.validator.validate(soon)).isNotNull(); // within leeway
        assertThat(failure(later, null)).isEqualTo(AccessTokenFailure.NOT_YET_VALID);
    }

    @Test
    void validateWhenIssuerDiffersThenWrongIssuer() throws Exception {
        String token = sign(rs256(f.keys.current().getKeyID()).build(),
                claims().issuer("https://evil.example").build(), (RSAKey) f.keys.current());
        assertThat(failure(token, null)).isEqualTo(AccessTokenFailure.WRONG_ISSUER);
    }

    @Test
    void validateWhenAudienceLacksTheResourceThenWrongAudience() {
        IssuedAccessToken at = issued();
        assertThat(f.validator.validate(at.value(), RESOURCE_A)).isNotNull();
        assertThat(failure(at.value(), RESOURCE_B)).isEqualTo(AccessTokenFailure.WRONG_AUDIENCE);
    }

    @Test
    void validateWhenRecordIsDeletedThenRevoked() {
        IssuedAccessToken at = issued();
        assertThat(f.validator.validate(at.value())).isNotNull();
        f.grants.revokeAccessToken(at.jti());
        assertThat(failure(at.value(), null)).isEqualTo(AccessTokenFailure.REVOKED);
    }

    @Test
    void validateWhenTypIsNotAtJwtOrClaimsAreMissingThenRefused() throws Exception {
        RSAKey k = (RSAKey) f.keys.current();
        String jwtTyp = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(k.getKeyID()).type(JOSEObjectType.JWT)
                .build(), claims().build(), k);
        String noJti = sign(rs256(k.getKeyID()).build(), claims().jwtID(null).build(), k);
        String noExp = sign(rs256(k.getKeyID()).build(), claims().expirationTime(null).build(), k);
        assertThat(failure(jwtTyp, null)).isEqualTo(AccessTokenFailure.WRONG_TYPE);
        assertThat(failure(noJti, null)).isEqualTo(AccessTokenFailure.MALFORMED);
        assertThat(failure(noExp, null)).isEqualTo(AccessTokenFailure.MALFORMED);
        assertThat(failure("not-a-jwt", null)).isEqualTo(AccessTokenFailure.MALFORMED);
        assertThat(failure("", null)).isEqualTo(AccessTokenFailure.MALFORMED);
        assertThat(failure("a".repeat(AccessTokenValidator.MAX_LENGTH + 1), null))
                .isEqualTo(AccessTokenFailure.MALFORMED);
    }

    @Test
    void validateWhenKeysRotatedThenOldAndNewTokensVerifyAndNewCarriesNewKid() throws Exception {
        IssuedAccessToken before = issued();
        String oldKid = f.keys.current().getKeyID();

        f.keys.rotate();
        IssuedAccessToken after = issued();

        String newKid = SignedJWT.parse(after.value()).getHeader().getKeyID();
        assertThat(newKid).isNotEqualTo(oldKid).isEqualTo(f.keys.current().getKeyID());
        assertThat(SignedJWT.parse(before.value()).getHeader().getKeyID()).isEqualTo(oldKid);
        assertThat(f.validator.validate(before.value()).jti()).isEqualTo(before.jti());
        assertThat(f.validator.validate(after.value()).jti()).isEqualTo(after.jti());
    }

    @Test
    void validateWhenTokenIsRefusedThenTheExceptionNeverContainsTheToken() {
        IssuedAccessToken at = issued();
        f.grants.revokeAccessToken(at.jti());
        assertThatThrownBy(() -> f.validator.validate(at.value()))
                .isInstanceOf(InvalidAccessTokenException.class)
                .hasMessage("REVOKED")
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }
}
