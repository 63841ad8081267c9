package io.mcpgw.admin;

import io.mcpgw.access.UserRevocations;
import io.mcpgw.config.GatewaySettings;
import io.mcpgw.mcp.session.SessionDirectory;
import io.mcpgw.mcp.session.SessionRegistry;
import io.mcpgw.oauth.client.ClientRegistrationService;
import io.mcpgw.oauth.client.ClientRepository;
import io.mcpgw.oauth.client.StoreClientRepository;
import io.mcpgw.oauth.token.GrantStore;
import io.mcpgw.oauth.token.StoreClientGrantsRevoker;
import io.mcpgw.store.StateStore;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What admin commands work on: the store (Redis, or the embedded store of the running gateway), the settings, and —
 * when the command runs inside the gateway — its live MCP sessions and its {@link UserRevocations}, so a revocation
 * takes effect there without waiting for the next check. Repositories are the gateway's own classes over the store,
 * so the commands keep every rule (indexes, tombstones, fingerprints) the gateway keeps.
 */
public final class AdminContext {
    private final StateStore store;
    private final GatewaySettings settings;
    private final Clock clock;
    private final Optional<SessionRegistry> localSessions;
    private final UserRevocations revocations;
    private final InputStream stdin;

    /**
     * @param localSessions the gateway's sessions when running inside it
     * @param revocations   the gateway's instance when running inside it; null builds one on {@code store}
     */
    public AdminContext(StateStore store, GatewaySettings settings, Clock clock,
                        Optional<SessionRegistry> localSessions, UserRevocations revocations, InputStream stdin) {
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.localSessions = Objects.requireNonNull(localSessions, "localSessions");
        this.revocations = revocations != null ? revocations : newRevocations(store, settings, clock);
        this.stdin = stdin;
    }

    /** The user revocations a gateway with {@code settings} keeps on {@code store}. */
    public static UserRevocations newRevocations(StateStore store, GatewaySettings settings, Clock clock) {
        Duration retention = settings.refreshTokenLifetime().compareTo(settings.accessTokenLifetime()) > 0
                ? settings.refreshTokenLifetime() : settings.accessTokenLifetime();
        return new UserRevocations(store, clock, retention, settings.admin().revocationCheck());
    }

    StateStore store() {
        return store;
    }

    GatewaySettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    Optional<SessionRegistry> localSessions() {
        return localSessions;
    }

    UserRevocations revocations() {
        return revocations;
    }

    InputStream stdin() {
        return stdin;
    }

    GrantStore grants() {
        return new GrantStore(store, settings.accessTokenLifetime(), settings.refreshTokenLifetime());
    }

    ClientRepository clients() {
        return new StoreClientRepository(store, settings.clientLifetime());
    }

    ClientRegistrationService registration() {
        return new ClientRegistrationService(clients(), store, settings.issuer(), settings.clientLifetime(),
                settings.registerRateLimit(), new StoreClientGrantsRevoker(grants()), clock);
    }

    SessionDirectory sessions() {
        return new SessionDirectory(store, clock);
    }
}
