package io.mcpgw.oauth.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpgw.oauth.UserIdentity;
import io.mcpgw.oauth.token.Grant;
import io.mcpgw.oauth.token.GrantStore;
import io.mcpgw.store.StateStore;
import io.mcpgw.testing.TestStores;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The upstream token kept per grant: encrypted at rest, bound to its grant, gone with it. */
class UpstreamCredentialsTest {
    static final byte[] KEY = new byte[32];
    static final String TOKEN = "gho_secretGitHubToken123";
    final StateStore store = TestStores.memory();
    final UpstreamCredentials credentials = new UpstreamCredentials(store, Optional.of(KEY), Duration.ofDays(1));

    @Test
    void theTokenIsStoredOnlyEncryptedAndReadBack() {
        credentials.keep("g1", TOKEN);
        String atRest = store.get(UpstreamCredentials.TOKEN + "g1").orElseThrow();
        assertThat(atRest).doesNotContain(TOKEN).doesNotContain("secretGitHub");
        assertThat(credentials.find("g1")).contains(TOKEN);
        assertThat(credentials.grants()).containsExactly("g1");
        assertThat(credentials.toString()).doesNotContain(TOKEN);
    }

    @Test
    void twoWritesOfTheSameTokenDifferAtRest() {
        credentials.keep("g1", TOKEN);
        String first = store.get(UpstreamCredentials.TOKEN + "g1").orElseThrow();
        credentials.keep("g1", TOKEN);
        assertThat(store.get(UpstreamCredentials.TOKEN + "g1").orElseThrow()).isNotEqualTo(first);
    }

    /** Bad inputs: a ciphertext moved to another grant, read with another key, truncated, not base64. */
    @Test
    void aMovedTamperedOrForeignCiphertextDoesNotDecrypt() {
        credentials.keep("g1", TOKEN);
        String sealed = store.get(UpstreamCredentials.TOKEN + "g1").orElseThrow();
        store.put(UpstreamCredentials.TOKEN + "g2", sealed, Duration.ofMinutes(1));
        assertThat(credentials.find("g2")).as("bound to its grant").isEmpty();
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(new UpstreamCredentials(store, Optional.of(other), Duration.ofDays(1)).find("g1"))
                .as("another key (a restart without UPSTREAM_TOKEN_KEY)").isEmpty();
        store.put(UpstreamCredentials.TOKEN + "g3", sealed.substring(0, 10), Duration.ofMinutes(1));
        assertThat(credentials.find("g3")).isEmpty();
        store.put(UpstreamCredentials.TOKEN + "g4", "%%% not base64", Duration.ofMinutes(1));
        assertThat(credentials.find("g4")).isEmpty();
    }

    @Test
    void revokingTheGrantDeletesItsKeptToken() {
        GrantStore grants = new GrantStore(store, Duration.ofMinutes(5), Duration.ofDays(1));
        grants.save(new Grant("g1", "client", new UserIdentity("1", "u", null, null), "mcp:tools", List.of(), 0));
        credentials.keepUntilRedeemed("g1", TOKEN);
        grants.save(grants.find("g1").orElseThrow());
        assertThat(store.ttl(UpstreamCredentials.TOKEN + "g1").orElseThrow())
                .as("stored with the grant, it lives as long as the grant").isGreaterThan(Duration.ofHours(1));
        grants.revokeGrant("g1");
        assertThat(store.get(UpstreamCredentials.TOKEN + "g1")).isEmpty();
        assertThat(credentials.grants()).doesNotContain("g1");
    }

    @Test
    void aSignInsTokenExpiresWithItsCodeUntilTheGrantIsStored() {
        credentials.keepUntilRedeemed("g9", TOKEN);
        assertThat(store.ttl(UpstreamCredentials.TOKEN + "g9").orElseThrow())
                .isLessThanOrEqualTo(UpstreamCredentials.UNTIL_REDEEMED);
    }

    @Test
    void withoutAConfiguredKeyOneKeyIsGeneratedOnceAndSurvivesARestart() {
        UpstreamCredentials first = new UpstreamCredentials(store, Optional.empty(), Duration.ofDays(1));
        first.keep("g1", TOKEN);
        UpstreamCredentials afterRestart = new UpstreamCredentials(store, Optional.empty(), Duration.ofDays(1));
        assertThat(afterRestart.find("g1")).contains(TOKEN);
        assertThat(store.get("oauth:upstream_token_key").orElseThrow()).doesNotContain(TOKEN);
    }
}
