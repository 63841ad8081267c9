package io.mcpgw.oauth.token;

import static io.mcpgw.oauth.token.TokenFixture.ALICE;
import static io.mcpgw.oauth.token.TokenFixture.ISSUER;
import static io.mcpgw.oauth.token.TokenFixture.RESOURCE_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpgw.config.SigningAlgorithm;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.store.StateStore;
import io.mcpgw.testing.MutableClock;
import io.mcpgw.testing.TestStores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each signing algorithm end to end on the token side: issue, validate, publish, rotate, and switch from one to
 * another on restart (old tokens keep verifying until they expire); and no algorithm confusion between keys.
 */
class SigningAlgorithmsTest {
    private static final Duration ACCESS = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.now();
    private final StateStore store = TestStores.memory();
    private final GrantStore grants = new GrantStore(store, ACCESS, Duration.ofDays(30));

    private SigningKeys keys(SigningAlgorithm alg) {
        return new SigningKeys(store, Optional.empty(), alg, clock);
    }

    private AccessTokenValidator validator(SigningKeys keys) {
        return new AccessTokenValidator(keys, grants, ISSUER, clock);
    }

    private String issue(SigningKeys keys) {
        IssuedAccessToken at = new AccessTokenIssuer(keys, ISSUER, ACCESS, clock)
                .issue(ALICE, "client-1", "mcp:tools", List.of(RESOURCE_A));
        grants.recordAccessToken(at.jti(), new AccessTokenRecord("grant-1", "client-1", ALICE.subject(),
                at.expiresAt().getEpochSecond()));
        return at.value();
    }

    private static AccessTokenFailure failure(AccessTokenValidator validator, String token) {
        try {
            validator.validate(token, RESOURCE_A);
        } catch (InvalidAccessTokenException e) {
            return e.reason();
        }
        throw new AssertionError("the token was accepted");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> published(SigningKeys keys) {
        return (List<Map<String, Object>>) keys.publicJwks().get("keys");
    }

    private static String headerAlg(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getAlgorithm().getName();
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void issuedTokenIsSignedWithTheAlgorithmAndValidates(SigningAlgorithm alg) throws Exception {
        SigningKeys keys = keys(alg);
        String token = issue(keys);

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(alg.jwsName());
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.current().getKeyID());
        assertThat(keys.currentAlgorithm()).isEqualTo(alg);
        assertThat(validator(keys).validate(token, RESOURCE_A).subject()).isEqualTo(ALICE.subject());
        assertThat(validator(SigningKeys.verifyOnly(store, clock)).validate(token, RESOURCE_A).jti())
                .as("a verify-only replica (services role) reads the public key").isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource({"RS256, RSA, ", "ES256, EC, P-256", "EDDSA, OKP, Ed25519"})
    void jwksPublishesThePublicKeyWithAlgUseAndThumbprintKid(SigningAlgorithm alg, String kty, String crv)
            throws Exception {
        SigningKeys keys = keys(alg);

        Map<String, Object> jwk = published(keys).get(0);
        assertThat(jwk).containsEntry("kty", kty).containsEntry("alg", alg.jwsName()).containsEntry("use", "sig");
        if (crv != null) {
            assertThat(jwk).containsEntry("crv", crv);
        }
        assertThat(jwk).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
        JWK parsed = JWK.parse(jwk);
        assertThat(jwk.get("kid")).isEqualTo(parsed.computeThumbprint().toString());
        assertThat(store.get(SigningKeys.PUBLIC_KEYS).orElseThrow()).doesNotContain("\"d\"");
        assertThat(store.get(SigningKeys.PRIVATE_KEYS).orElseThrow()).contains("\"d\"");
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void rotationKeepsTheAlgorithmAndOldTokensVerifying(SigningAlgorithm alg) throws Exception {
        SigningKeys keys = keys(alg);
        String before = issue(keys);
        String oldKid = keys.current().getKeyID();

        keys.rotate();
        String after = issue(keys);

        assertThat(keys.current().getKeyID()).isNotEqualTo(oldKid);
        assertThat(headerAlg(after)).isEqualTo(alg.jwsName());
        AccessTokenValidator validator = validator(keys);
        assertThat(validator.validate(before, RESOURCE_A).jti()).isNotEmpty();
        assertThat(validator.validate(after, RESOURCE_A).jti()).isNotEmpty();
        assertThat(published(keys)).extracting(k -> k.get("alg")).containsOnly(alg.jwsName()).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void tamperedPayloadOrSignatureIsRefused(SigningAlgorithm alg) {
        SigningKeys keys = keys(alg);
        String token = issue(keys);
        String[] parts = token.split("\\.");
        String otherPayload = issue(keys).split("\\.")[1];
        char last = parts[2].charAt(5);
        String flipped = parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6);

        AccessTokenValidator validator = validator(keys);
        assertThat(failure(validator, parts[0] + "." + otherPayload + "." + parts[2]))
                .isEqualTo(AccessTokenFailure.BAD_SIGNATURE);
        assertThat(failure(validator, parts[0] + "." + parts[1] + "." + flipped))
                .isEqualTo(AccessTokenFailure.BAD_SIGNATURE);
        assertThat(failure(validator, parts[0] + "." + parts[1] + "."))
                .isIn(AccessTokenFailure.BAD_SIGNATURE, AccessTokenFailure.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void tokenOfAForeignKeyOfTheSameAlgorithmUnderOurKidIsRefused(SigningAlgorithm alg) throws Exception {
        SigningKeys keys = keys(alg);
        JWK foreign = SigningJwks.generate(alg);

        String token = sign(SigningJwks.jws(alg), keys.current().getKeyID(), SigningJwks.signer(foreign));

        assertThat(failure(validator(keys), token)).isEqualTo(AccessTokenFailure.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @CsvSource({"RS256, ES256", "RS256, EDDSA", "ES256, EDDSA", "ES256, RS256", "EDDSA, RS256", "EDDSA, ES256"})
    void switchingTheAlgorithmOnRestartKeepsOldTokensVerifyingUntilTheyExpire(SigningAlgorithm from,
            SigningAlgorithm to) throws Exception {
        SigningKeys before = keys(from);
        String oldToken = issue(before);
        String oldKid = before.current().getKeyID();

        SigningKeys restarted = keys(to); // JWT_SIGNING_ALG changed, same store
        String newToken = issue(restarted);

        assertThat(restarted.currentAlgorithm()).isEqualTo(to);
        assertThat(headerAlg(newToken)).isEqualTo(to.jwsName());
        assertThat(published(restarted)).extracting(k -> k.get("alg")).containsExactly(to.jwsName(), from.jwsName());
        assertThat(published(restarted)).extracting(k -> k.get("kid")).contains(oldKid);
        clock.advance(SigningKeys.UNKNOWN_KID_RELOAD_INTERVAL.plusSeconds(1)); // a replica on the old setting
        for (AccessTokenValidator v : List.of(validator(restarted), validator(before),
                validator(SigningKeys.verifyOnly(store, clock)))) {
            assertThat(v.validate(oldToken, RESOURCE_A).jti()).isNotEmpty();
            assertThat(v.validate(newToken, RESOURCE_A).jti()).isNotEmpty();
        }

        clock.advance(ACCESS.plusSeconds(AccessTokenValidator.LEEWAY_SECONDS + 1));
        assertThat(failure(validator(restarted), oldToken)).isEqualTo(AccessTokenFailure.EXPIRED);
    }

    @Test
    void restartWithTheSameAlgorithmKeepsTheKey() {
        String kid = keys(SigningAlgorithm.ES256).current().getKeyID();

        SigningKeys again = keys(SigningAlgorithm.ES256);

        assertThat(again.current().getKeyID()).isEqualTo(kid);
        assertThat(published(again)).hasSize(1);
    }

    @Test
    void aReplicaStillOnTheOldSettingAdoptsTheNewKeyInsteadOfSwitchingBack() {
        SigningKeys oldReplica = keys(SigningAlgorithm.RS256);
        oldReplica.current();
        SigningKeys newReplica = keys(SigningAlgorithm.EDDSA);
        String newKid = newReplica.current().getKeyID();

        clock.advance(SigningKeys.RELOAD_INTERVAL.plusSeconds(1));

        assertThat(oldReplica.current().getKeyID()).isEqualTo(newKid);
        assertThat(oldReplica.currentAlgorithm()).isEqualTo(SigningAlgorithm.EDDSA);
        assertThat(published(newReplica)).hasSize(2);
    }

    @Test
    void whileAnotherReplicaHoldsTheSwitchLockTheCurrentKeyIsAdoptedNotReplaced() {
        String rsaKid = keys(SigningAlgorithm.RS256).current().getKeyID();
        store.putIfAbsent(SigningKeys.SWITCH_LOCK, "1", Duration.ofSeconds(30));

        SigningKeys second = keys(SigningAlgorithm.ES256);

        assertThat(second.current().getKeyID()).isEqualTo(rsaKid);
        assertThat(published(second)).hasSize(1);
    }

    @Test
    void toolsWithoutAnAlgorithmRotateWithTheCurrentKeysAlgorithm() {
        keys(SigningAlgorithm.EDDSA).current();

        JWK rotated = new SigningKeys(store, Optional.empty(), clock).rotate();

        assertThat(SigningJwks.algorithmOf(rotated)).isEqualTo(SigningAlgorithm.EDDSA);
    }

    @Test
    void rotateToAnotherAlgorithmKeepsTheOldKeys() {
        SigningKeys keys = keys(SigningAlgorithm.RS256);
        String rsaToken = issue(keys);

        keys.rotate(SigningAlgorithm.ES256);

        assertThat(keys.currentAlgorithm()).isEqualTo(SigningAlgorithm.ES256);
        assertThat(validator(keys).validate(rsaToken, RESOURCE_A).jti()).isNotEmpty();
    }

    /** Keys of all three algorithms in one ring: a header naming another algorithm than its key's is refused. */
    @Test
    void headerAlgorithmOtherThanTheKeysOwnIsRefused() throws Exception {
        SigningKeys keys = keys(SigningAlgorithm.RS256);
        String rsaKid = keys.current().getKeyID();
        String ecKid = keys.rotate(SigningAlgorithm.ES256).getKeyID();
        String edKid = keys.rotate(SigningAlgorithm.EDDSA).getKeyID();
        AccessTokenValidator validator = validator(keys);
        JWSSigner foreignEc = SigningJwks.signer(SigningJwks.generate(SigningAlgorithm.ES256));
        JWSSigner foreignEd = SigningJwks.signer(SigningJwks.generate(SigningAlgorithm.EDDSA));
        JWSSigner foreignRsa = SigningJwks.signer(SigningJwks.generate(SigningAlgorithm.RS256));

        assertThat(failure(validator, sign(JWSAlgorithm.ES256, rsaKid, foreignEc)))
                .isEqualTo(AccessTokenFailure.UNSUPPORTED_ALG);
        assertThat(failure(validator, sign(JWSAlgorithm.EdDSA, rsaKid, foreignEd)))
                .isEqualTo(AccessTokenFailure.UNSUPPORTED_ALG);
        assertThat(failure(validator, sign(JWSAlgorithm.RS256, ecKid, foreignRsa)))
                .isEqualTo(AccessTokenFailure.UNSUPPORTED_ALG);
        assertThat(failure(validator, sign(JWSAlgorithm.EdDSA, ecKid, foreignEd)))
                .isEqualTo(AccessTokenFailure.UNSUPPORTED_ALG);
        assertThat(failure(validator, sign(JWSAlgorithm.ES256, edKid, foreignEc)))
                .isEqualTo(AccessTokenFailure.UNSUPPORTED_ALG);
        // HS256 keyed with the bytes of our published EC key (the classic confusion attack)
        byte[] publicJson = Json.write(published(keys).get(1)).getBytes(StandardCharsets.UTF_8);
        assertThat(failure(validator, sign(JWSAlgorithm.HS256, ecKid, new MACSigner(publicJson))))
                .isEqualTo(AccessTokenFailure.UNSUPPORTED_ALG);
        // our own algorithms still verify each with its own key
        assertThat(validator.validate(issue(keys), RESOURCE_A).jti()).isNotEmpty();
    }

    @Test
    void storedKeysThatAreNoSigningKeysOfOursStopLoading() {
        List<String> bad = List.of(
                "[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\",\"alg\":\"HS256\"}]",
                ecKeyJson("P-384"),
                ecP256WithAlg("RS256"));
        for (String json : bad) {
            StateStore s = TestStores.memory();
            s.putEternal(SigningKeys.PUBLIC_KEYS, json);
            assertThatThrownBy(() -> SigningKeys.verifyOnly(s, clock))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not a valid RSA, EC P-256 or Ed25519 signing JWK")
                    .hasMessageNotContaining("\"k\"");
        }
    }

    @Test
    void configuredEcAndEd25519KeysSignAndPublishTheirOwnPublicKey() throws Exception {
        java.security.KeyPairGenerator ecGen = java.security.KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair ec = ecGen.generateKeyPair();
        java.security.KeyPair ed = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String expectedEcX = new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (java.security.interfaces.ECPublicKey) ec.getPublic()).build().getX().toString();
        String expectedEcY = new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                (java.security.interfaces.ECPublicKey) ec.getPublic()).build().getY().toString();
        byte[] edDer = ed.getPublic().getEncoded();
        String expectedEdX = com.nimbusds.jose.util.Base64URL.encode(
                java.util.Arrays.copyOfRange(edDer, edDer.length - 32, edDer.length)).toString();

        SigningKeys ecKeys = new SigningKeys(TestStores.memory(), Optional.of(pem(ec)), SigningAlgorithm.ES256, clock);
        SigningKeys edKeys = new SigningKeys(TestStores.memory(), Optional.of(pem(ed)), SigningAlgorithm.EDDSA, clock);

        assertThat(published(ecKeys).get(0)).containsEntry("x", expectedEcX).containsEntry("y", expectedEcY)
                .containsEntry("alg", "ES256").doesNotContainKey("d");
        assertThat(published(edKeys).get(0)).containsEntry("x", expectedEdX).containsEntry("alg", "EdDSA")
                .doesNotContainKey("d");
        for (SigningKeys k : List.of(ecKeys, edKeys)) {
            IssuedAccessToken at = new AccessTokenIssuer(k, ISSUER, ACCESS, clock)
                    .issue(ALICE, "client-1", "mcp:tools", List.of(RESOURCE_A));
            assertThat(validator(k).signedByUs(at.value())).isPresent();
        }
        assertThatThrownBy(() -> new SigningKeys(TestStores.memory(), Optional.of(pem(ec)), SigningAlgorithm.RS256,
                clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds an EC P-256 private key, but JWT_SIGNING_ALG is RS256");
        assertThatThrownBy(() -> new SigningKeys(TestStores.memory(), Optional.of(pem(ed)), clock).rotate())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configured");
    }

    private static String pem(java.security.KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    private static String ecKeyJson(String crv) {
        try {
            com.nimbusds.jose.jwk.ECKey k = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                    com.nimbusds.jose.jwk.Curve.parse(crv)).generate();
            return "[" + Json.write(k.toPublicJWK().toJSONObject()) + "]";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ecP256WithAlg(String alg) {
        Map<String, Object> jwk = new java.util.LinkedHashMap<>(
                SigningJwks.generate(SigningAlgorithm.ES256).toPublicJWK().toJSONObject());
        jwk.put("alg", alg);
        return "[" + Json.write(jwk) + "]";
    }

    private String sign(JWSAlgorithm alg, String kid, JWSSigner signer) throws Exception {
        Instant now = clock.instant();
        String jti = Secrets.random(16);
        grants.recordAccessToken(jti, new AccessTokenRecord("grant-1", "client-1", "1001",
                now.plus(ACCESS).getEpochSecond()));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(new JOSEObjectType("at+jwt")).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject("1001").audience(RESOURCE_A)
                        .claim("client_id", "client-1").jwtID(jti).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(ACCESS))).build());
        jwt.sign(signer);
        return jwt.serialize();
    }
}
