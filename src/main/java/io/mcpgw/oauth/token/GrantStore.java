package io.mcpgw.oauth.token;

import io.mcpgw.audit.AuditLog;
import io.mcpgw.json.Json;
import io.mcpgw.oauth.Secrets;
import io.mcpgw.oauth.upstream.UpstreamCredentials;
import io.mcpgw.store.StateStore;
import io.mcpgw.store.StoreWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grants and the tokens issued from them, on the {@link StateStore}. Every key has a TTL, so nothing grows without
 * bound; tokens are stored only as a {@code jti} or a SHA-256.
 *
 * <table>
 *   <caption>Key schema</caption>
 *   <tr><th>key</th><th>value</th><th>TTL</th></tr>
 *   <tr><td>{@code oauth:grant:{grant_id}}</td><td>{@link Grant} JSON</td>
 *       <td>{@code REFRESH_TOKEN_LIFETIME}, restarted by each refresh (idle lifetime)</td></tr>
 *   <tr><td>{@code oauth:grant_tokens:{grant_id}}</td><td>set of {@code at:{jti}}, {@code rt:{sha256}}</td>
 *       <td>{@code REFRESH_TOKEN_LIFETIME}, extended on each add</td></tr>
 *   <tr><td>{@code oauth:client_grants:{client_id}}</td><td>set of grant ids</td>
 *       <td>{@code REFRESH_TOKEN_LIFETIME}, extended on each add</td></tr>
 *   <tr><td>{@code oauth:user_grants:{subject}}</td><td>set of grant ids (the per-user index that
 *       {@link #grantsOfUser} and {@link #revokeUser} read instead of scanning)</td>
 *       <td>{@code REFRESH_TOKEN_LIFETIME}, extended on each add</td></tr>
 *   <tr><td>{@code oauth:token:{jti}}</td><td>{@link AccessTokenRecord} JSON</td><td>{@code ACCESS_TOKEN_LIFETIME}</td></tr>
 *   <tr><td>{@code oauth:refresh:{sha256(refresh_token)}}</td><td>{@link RefreshTokenRecord} JSON</td>
 *       <td>{@code REFRESH_TOKEN_LIFETIME}</td></tr>
 *   <tr><td>{@code oauth:refresh_used:{sha256}}</td><td>grant id (a rotated token; its reuse revokes the grant)</td>
 *       <td>{@code REFRESH_TOKEN_LIFETIME}</td></tr>
 *   <tr><td>{@code oauth:grant_revoked:{grant_id}}</td><td>{@code 1} (tombstone: tokens minted concurrently with a
 *       revocation are withdrawn, see {@link TokenMinter})</td><td>{@code REFRESH_TOKEN_LIFETIME}</td></tr>
 *   <tr><td>{@code oauth:upstream_token:{grant_id}}</td><td>the upstream token kept for re-checks, encrypted
 *       ({@link UpstreamCredentials}); deleted with the grant</td><td>{@code REFRESH_TOKEN_LIFETIME}</td></tr>
 * </table>
 *
 * <p>{@link #revokeGrant} writes the tombstone first, then deletes the grant, every token record listed in its set,
 * the set, and its entries in the client's and the user's sets. An index may still name a grant that expired on its
 * own (the sets outlive single members); readers skip and drop such members. {@code refresh_used} entries stay until they expire: they are the
 * evidence that makes a later reuse of a rotated token fail loudly, and they unlock nothing.
 *
 * <p>Every revocation through this instance (a grant, a client's grants, one access token) bumps
 * {@link #revocationCount()} <em>after</em> the records are gone, so a cache of validated tokens in the same process
 * can tell that its entries need a fresh look at the store before it answers the next request.
 */
public final class GrantStore {
    static final String GRANT = "oauth:grant:";
    static final String GRANT_TOKENS = "oauth:grant_tokens:";
    static final String CLIENT_GRANTS = "oauth:client_grants:";
    static final String USER_GRANTS = "oauth:user_grants:";
    static final String TOKEN = "oauth:token:";
    static final String REFRESH = "oauth:refresh:";
    static final String REFRESH_USED = "oauth:refresh_used:";
    static final String GRANT_REVOKED = "oauth:grant_revoked:";
    private static final String AT = "at:";
    private static final String RT = "rt:";
    private static final Logger LOG = LoggerFactory.getLogger(GrantStore.class);

    private final StateStore store;
    private final Duration accessTokenLifetime;
    private final Duration refreshTokenLifetime;
    private final AtomicLong revocations = new AtomicLong();

    public GrantStore(StateStore store, Duration accessTokenLifetime, Duration refreshTokenLifetime) {
        this.store = store;
        this.accessTokenLifetime = accessTokenLifetime;
        this.refreshTokenLifetime = refreshTokenLifetime;
    }

    public Duration refreshTokenLifetime() {
        return refreshTokenLifetime;
    }

    /**
     * How many revocations this instance has completed. A reader that notes the count before it reads a token record
     * and sees the same count later knows no revocation of this process removed the record in between.
     */
    public long revocationCount() {
        return revocations.get();
    }

    /**
     * Stores a new grant (or restarts its idle lifetime, and that of the upstream token kept for it) and lists it
     * under its client.
     */
    public void save(Grant grant) {
        store.writeAll(saveWrites(grant));
    }

    /** The writes of {@link #save}, for a caller that sends them in one batch with others. */
    List<StoreWrite> saveWrites(Grant grant) {
        return List.of(
                StoreWrite.put(GRANT + grant.grantId(), Json.write(grant), refreshTokenLifetime),
                StoreWrite.expire(UpstreamCredentials.TOKEN + grant.grantId(), refreshTokenLifetime),
                StoreWrite.addToSet(CLIENT_GRANTS + grant.clientId(), grant.grantId(), refreshTokenLifetime),
                StoreWrite.addToSet(USER_GRANTS + grant.user().subject(), grant.grantId(), refreshTokenLifetime));
    }

    /** The live grants of the user with upstream id {@code subject}, read from the per-user index. */
    public List<Grant> grantsOfUser(String subject) {
        return liveGrants(USER_GRANTS + subject);
    }

    /** The live grants of {@code clientId}, read from the per-client index. */
    public List<Grant> grantsOfClient(String clientId) {
        return liveGrants(CLIENT_GRANTS + clientId);
    }

    /** Revokes every grant of the user {@code subject} (and so every token issued from them); returns how many. */
    public int revokeUser(String subject) {
        int revoked = 0;
        for (String grantId : store.members(USER_GRANTS + subject)) {
            revokeGrant(grantId);
            revoked++;
        }
        store.delete(USER_GRANTS + subject);
        return revoked;
    }

    /** The grants an index names, oldest first; members whose grant is gone are dropped from the index. */
    private List<Grant> liveGrants(String indexKey) {
        List<Grant> live = new ArrayList<>();
        for (String grantId : store.members(indexKey)) {
            Optional<Grant> grant = find(grantId);
            if (grant.isPresent()) {
                live.add(grant.get());
            } else {
                store.removeFromSet(indexKey, grantId);
            }
        }
        live.sort(Comparator.comparingLong(Grant::createdAt).thenComparing(Grant::grantId));
        return live;
    }

    /** The grant, unless it expired or was revoked. */
    public Optional<Grant> find(String grantId) {
        List<Optional<String>> marker = store.getAll(List.of(GRANT_REVOKED + grantId, GRANT + grantId));
        if (marker.get(0).isPresent()) {
            return Optional.empty();
        }
        return marker.get(1).map(json -> Json.read(json, Grant.class));
    }

    /** Whether {@code grantId} was revoked, or no longer exists. */
    public boolean isRevoked(String grantId) {
        List<Optional<String>> marker = store.getAll(List.of(GRANT_REVOKED + grantId, GRANT + grantId));
        return marker.get(0).isPresent() || marker.get(1).isEmpty();
    }

    /** Records a signed access token of {@code grantId}; the token validates only while this record exists. */
    public void recordAccessToken(String jti, AccessTokenRecord record) {
        store.writeAll(accessTokenWrites(jti, record));
    }

    /**
     * {@link #recordAccessToken} and, when {@code refresh} is present, {@link #issueRefreshToken} of the same grant, in
     * one batch (one round trip on Redis) with {@code alongWith} (written first); returns the refresh token.
     */
    public Optional<String> recordTokens(String jti, AccessTokenRecord access, Optional<RefreshTokenRecord> refresh,
                                         List<StoreWrite> alongWith) {
        List<StoreWrite> writes = new ArrayList<>(alongWith);
        writes.addAll(accessTokenWrites(jti, access));
        Optional<String> token = refresh.map(r -> Secrets.random());
        if (refresh.isPresent()) {
            writes.addAll(refreshTokenWrites(Secrets.hash(token.get()), refresh.get()));
        }
        store.writeAll(writes);
        return token;
    }

    private List<StoreWrite> accessTokenWrites(String jti, AccessTokenRecord record) {
        return List.of(StoreWrite.addToSet(GRANT_TOKENS + record.grantId(), AT + jti, refreshTokenLifetime),
                StoreWrite.put(TOKEN + jti, Json.write(record), accessTokenLifetime));
    }

    private List<StoreWrite> refreshTokenWrites(String hash, RefreshTokenRecord record) {
        return List.of(StoreWrite.addToSet(GRANT_TOKENS + record.grantId(), RT + hash, refreshTokenLifetime),
                StoreWrite.put(REFRESH + hash, Json.write(record), refreshTokenLifetime));
    }

    public boolean accessTokenExists(String jti) {
        return store.get(TOKEN + jti).isPresent();
    }

    public Optional<AccessTokenRecord> accessToken(String jti) {
        return store.get(TOKEN + jti).map(json -> Json.read(json, AccessTokenRecord.class));
    }

    /** Revokes one access token (RFC 7009): its record and its membership in the grant. */
    public void revokeAccessToken(String jti) {
        accessToken(jti).ifPresent(r -> store.removeFromSet(GRANT_TOKENS + r.grantId(), AT + jti));
        store.delete(TOKEN + jti);
        revocations.incrementAndGet();
    }

    /** Creates a refresh token of {@code record.grantId()}, stores its hash and returns the token (shown once). */
    public String issueRefreshToken(RefreshTokenRecord record) {
        String token = Secrets.random();
        store.writeAll(refreshTokenWrites(Secrets.hash(token), record));
        return token;
    }

    /** The live record of {@code refreshToken}, without consuming it. */
    public Optional<RefreshTokenRecord> findRefreshToken(String refreshToken) {
        return store.get(REFRESH + Secrets.hash(refreshToken)).map(json -> Json.read(json, RefreshTokenRecord.class));
    }

    /**
     * Atomically consumes {@code refreshToken} (of concurrent callers exactly one gets the record) and remembers it as
     * used, so that presenting it again is recognised as reuse.
     */
    public Optional<RefreshTokenRecord> takeRefreshToken(String refreshToken) {
        String hash = Secrets.hash(refreshToken);
        Optional<RefreshTokenRecord> record =
                store.take(REFRESH + hash).map(json -> Json.read(json, RefreshTokenRecord.class));
        record.ifPresent(r -> store.writeAll(usedWrites(hash, r.grantId())));
        return record;
    }

    /**
     * {@link #takeRefreshToken} of a token whose grant the caller read from its record a moment ago, in one round trip:
     * the token is taken and remembered as used together. If a concurrent caller took it first, the same marker and
     * the same set removal are written twice, which changes nothing; if the grant was revoked in between, the marker
     * names a revoked grant, which unlocks nothing.
     */
    public Optional<RefreshTokenRecord> takeRefreshToken(String refreshToken, String grantId) {
        String hash = Secrets.hash(refreshToken);
        return store.takeAndWrite(REFRESH + hash, usedWrites(hash, grantId))
                .map(json -> Json.read(json, RefreshTokenRecord.class));
    }

    private List<StoreWrite> usedWrites(String hash, String grantId) {
        return List.of(StoreWrite.put(REFRESH_USED + hash, grantId, refreshTokenLifetime),
                StoreWrite.removeFromSet(GRANT_TOKENS + grantId, RT + hash));
    }

    /** The grant of a refresh token that was already rotated or consumed, if {@code refreshToken} is one. */
    public Optional<String> grantOfUsedRefreshToken(String refreshToken) {
        return store.get(REFRESH_USED + Secrets.hash(refreshToken));
    }

    /** Deletes one refresh token without revoking its grant (rolling back a mint). */
    void deleteRefreshToken(String refreshToken, String grantId) {
        String hash = Secrets.hash(refreshToken);
        store.delete(REFRESH + hash);
        store.removeFromSet(GRANT_TOKENS + grantId, RT + hash);
    }

    /** Revokes {@code grantId} and every token issued from it. Idempotent. */
    public void revokeGrant(String grantId) {
        store.put(GRANT_REVOKED + grantId, "1", refreshTokenLifetime);
        Optional<Grant> grant = store.get(GRANT + grantId).map(json -> Json.read(json, Grant.class));
        store.delete(GRANT + grantId);
        for (String member : store.members(GRANT_TOKENS + grantId)) {
            if (member.startsWith(AT)) {
                store.delete(TOKEN + member.substring(AT.length()));
            } else if (member.startsWith(RT)) {
                store.delete(REFRESH + member.substring(RT.length()));
            }
        }
        store.delete(GRANT_TOKENS + grantId);
        store.delete(UpstreamCredentials.TOKEN + grantId);
        store.removeFromSet(UpstreamCredentials.GRANTS, grantId);
        grant.ifPresent(g -> {
            store.removeFromSet(CLIENT_GRANTS + g.clientId(), grantId);
            store.removeFromSet(USER_GRANTS + g.user().subject(), grantId);
        });
        revocations.incrementAndGet();
        AuditLog.info("event=grant_revoked grant={} client={}", grantId, grant.map(Grant::clientId).orElse("-"));
    }

    /** Revokes every grant of {@code clientId} (RFC 7592 client deletion); returns how many. */
    public int revokeClient(String clientId) {
        int revoked = 0;
        for (String grantId : store.members(CLIENT_GRANTS + clientId)) {
            revokeGrant(grantId);
            revoked++;
        }
        store.delete(CLIENT_GRANTS + clientId);
        return revoked;
    }
}
