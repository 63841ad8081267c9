package io.mcpgw.oauth.token;

import static io.mcpgw.oauth.token.TokenFixture.VERIFIER;
import static io.mcpgw.oauth.token.TokenFixture.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The grant key schema: TTL on every key, secrets only hashed, revocation removes everything of a grant. */
class GrantStoreTest {
    private final TokenFixture f = new TokenFixture();

    /** Every key under {@code oauth:} with its TTL. */
    private Map<String, Optional<Duration>> keysWithTtl() {
        Map<String, Optional<Duration>> out = new TreeMap<>();
        for (String key : f.store.keys("oauth:")) {
            out.put(key, f.store.ttl(key));
        }
        return out;
    }

    private boolean active(String accessToken) {
        try {
            f.validator.validate(accessToken);
            return true;
        } catch (InvalidAccessTokenException e) {
            return false;
        }
    }

    @Test
    void fullRunWhenIssuedRefreshedAndRevokedThenEveryKeyButTheSigningKeysHasATtlAndNoSecretIsStored() {
        f.publicClient("pub");
        List<String> secrets = new ArrayList<>();
        String code = f.code("pub");
        secrets.add(code);
        TokenResponse first = f.exchange("pub", code);
        secrets.add(first.accessToken());
        secrets.add(first.refreshToken().orElseThrow());
        TokenResponse second = f.refresh("pub", first.refreshToken().orElseThrow());
        secrets.add(second.accessToken());
        secrets.add(second.refreshToken().orElseThrow());
        TokenResponse third = f.refresh("pub", second.refreshToken().orElseThrow());
        secrets.add(third.refreshToken().orElseThrow());
        f.revocation.revoke(null, form("client_id", "pub", "token", third.accessToken()));
        String otherCode = f.code("pub");
        secrets.add(otherCode);
        TokenResponse live = f.exchange("pub", otherCode);
        secrets.add(live.refreshToken().orElseThrow());
        f.revocation.revoke(null, form("client_id", "pub", "token", first.refreshToken().orElseThrow())); // reused
        secrets.add(VERIFIER);

        Map<String, Optional<Duration>> keys = keysWithTtl();
        assertThat(keys.keySet()).anyMatch(k -> k.startsWith(GrantStore.GRANT))
                .anyMatch(k -> k.startsWith(GrantStore.TOKEN)).anyMatch(k -> k.startsWith(GrantStore.REFRESH))
                .anyMatch(k -> k.startsWith(GrantStore.REFRESH_USED)).anyMatch(k -> k.startsWith(GrantStore.GRANT_TOKENS))
                .anyMatch(k -> k.startsWith(GrantStore.CLIENT_GRANTS)).anyMatch(k -> k.startsWith("oauth:code_grant:"));
        keys.forEach((key, ttl) -> {
            assertThat(ttl).as("ttl of %s", key).isPresent();
            if (key.equals(SigningKeys.PUBLIC_KEYS) || key.equals(SigningKeys.PRIVATE_KEYS)) {
                assertThat(ttl.get()).isEqualTo(StateStore.ETERNAL);
            } else {
                assertThat(ttl.get()).as("ttl of %s", key).isNotEqualTo(StateStore.ETERNAL).isPositive()
                        .isLessThanOrEqualTo(Duration.ofDays(90)); // the longest lifetime: clients
            }
        });
        for (String key : keys.keySet()) {
            boolean isSet = key.startsWith(GrantStore.GRANT_TOKENS) || key.startsWith(GrantStore.CLIENT_GRANTS)
                    || key.startsWith(GrantStore.USER_GRANTS) || key.equals("oauth:client_index");
            String value = isSet ? String.join(",", f.store.members(key)) : f.store.get(key).orElseThrow();
            for (String secret : secrets) {
                assertThat(key).doesNotContain(secret);
                assertThat(value).as("value of %s", key).doesNotContain(secret);
            }
        }
    }

    @Test
    void revokeGrantWhenCalledThenEveryKeyOfTheGrantIsGone() {
        f.publicClient("pub");
        TokenResponse t = f.exchange("pub", f.code("pub"));
        TokenResponse other = f.exchange("pub", f.code("pub"));
        String grantId = f.grants.accessToken(f.validator.validate(t.accessToken()).jti()).orElseThrow().grantId();

        f.grants.revokeGrant(grantId);

        assertThat(f.store.keys(GrantStore.GRANT + grantId)).isEmpty();
        assertThat(f.store.keys(GrantStore.GRANT_TOKENS + grantId)).isEmpty();
        assertThat(f.store.members(GrantStore.CLIENT_GRANTS + "pub")).doesNotContain(grantId).hasSize(1);
        assertThat(active(t.accessToken())).isFalse();
        assertThat(f.grants.findRefreshToken(t.refreshToken().orElseThrow())).isEmpty();
        assertThat(active(other.accessToken())).isTrue();
        assertThat(f.grants.findRefreshToken(other.refreshToken().orElseThrow())).isPresent();
    }

    @Test
    void clientGrantsRevokerWhenClientIsDeletedThenAllItsGrantsAndOnlyThoseAreRevoked() {
        f.publicClient("pub");
        f.publicClient("keep");
        TokenResponse a = f.exchange("pub", f.code("pub"));
        TokenResponse b = f.exchange("pub", f.code("pub"));
        TokenResponse kept = f.exchange("keep", f.code("keep"));

        new StoreClientGrantsRevoker(f.grants).revokeEverythingOf("pub");

        assertThat(active(a.accessToken())).isFalse();
        assertThat(active(b.accessToken())).isFalse();
        assertThat(f.grants.findRefreshToken(a.refreshToken().orElseThrow())).isEmpty();
        assertThat(f.store.keys(GrantStore.CLIENT_GRANTS + "pub")).isEmpty();
        assertThat(active(kept.accessToken())).isTrue();
    }

    @Test
    void refreshWhenRotatedThenTheGrantSetDropsTheConsumedRefreshToken() {
        f.publicClient("pub");
        TokenResponse t = f.exchange("pub", f.code("pub"));
        String grantId = f.grants.accessToken(f.validator.validate(t.accessToken()).jti()).orElseThrow().grantId();
        f.refresh("pub", t.refreshToken().orElseThrow());

        assertThat(f.store.members(GrantStore.GRANT_TOKENS + grantId))
                .filteredOn(m -> m.startsWith("rt:")).hasSize(1);
        assertThat(f.store.members(GrantStore.GRANT_TOKENS + grantId))
                .filteredOn(m -> m.startsWith("at:")).hasSize(2);
    }
}
