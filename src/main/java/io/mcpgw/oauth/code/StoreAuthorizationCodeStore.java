package io.mcpgw.oauth.code;

import io.mcpgw.json.Json;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.store.StateStore;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link AuthorizationCodeStore} on the {@link StateStore}. Codes are stored under their SHA-256 hash, redeemed with
 * the store's atomic {@code take} (GETDEL on Redis), and remembered as used for twice the code lifetime so a replay
 * can be recognised and the grant revoked.
 */
public final class StoreAuthorizationCodeStore implements AuthorizationCodeStore {
    static final String CODE = "oauth:code:";
    static final String USED = "oauth:code_used:";
    private final StateStore store;
    private final Duration lifetime;

    public StoreAuthorizationCodeStore(StateStore store, Duration lifetime) {
        this.store = store;
        this.lifetime = lifetime;
    }

    @Override
    public String issue(AuthorizationCode code) {
        String value = Secrets.random();
        store.put(CODE + Secrets.hash(value), Json.write(code), lifetime);
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
            store.put(USED + hash, data.get().grantId(), lifetime.multipliedBy(2));
            return new Redemption(data, Optional.empty());
        }
        return new Redemption(Optional.empty(), store.get(USED + hash));
    }
}
