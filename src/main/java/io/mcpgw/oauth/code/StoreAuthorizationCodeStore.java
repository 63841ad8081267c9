package io.mcpgw.oauth.code;

import io.mcpgw.json.Json;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link AuthorizationCodeStore} on the {@link StateStore}. Codes are stored under their SHA-256 hash and redeemed
 * with the store's atomic {@code take} (GETDEL on Redis). The grant id a code leads to is written next to it at
 * issuance ({@code oauth:code_grant:}, twice the code lifetime), so a replay is recognised even while the first
 * redemption is still running, and its grant can be revoked.
 */
public final class StoreAuthorizationCodeStore implements AuthorizationCodeStore {
    static final String CODE = "oauth:code:";
    static final String GRANT = "oauth:code_grant:";
    private final StateStore store;
    private final Duration lifetime;

    public StoreAuthorizationCodeStore(StateStore store, Duration lifetime) {
        this.store = store;
        this.lifetime = lifetime;
    }

    @Override
    public String issue(AuthorizationCode code) {
        String value = Secrets.random();
        String hash = Secrets.hash(value);
        store.put(GRANT + hash, code.grantId(), lifetime.multipliedBy(2));
        store.put(CODE + hash, Json.write(code), lifetime);
        return value;
    }

    @Override
    public Redemption redeem(String code) {
        if (code == null || code.isEmpty() || code.length() > 256) {
            return Redemption.unknown();
        }
        String hash = Secrets.hash(code);
        Optional<AuthorizationCode> data = store.take(CODE + hash).map(json -> Json.read(json, AuthorizationCode.class));
        if (data.isPresent()) {
            return new Redemption(data, Optional.empty());
        }
        return new Redemption(Optional.empty(), store.get(GRANT + hash));
    }
}
