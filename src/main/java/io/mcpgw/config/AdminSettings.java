package io.mcpgw.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the operator surface.
 *
 * @param adminFile        {@code GATEWAY_ADMIN_FILE}: where a gateway on the embedded store publishes the loopback
 *                         address and secret of its admin endpoint (owner-only file), and where {@code admin}
 *                         commands look for them; empty = {@code off}, no admin endpoint. Default
 *                         {@code $HOME/.mcp-oauth-gateway/admin-<GATEWAY_PORT>.json}. Not used with {@code REDIS_URL}:
 *                         the commands then talk to Redis.
 * @param revocationCheck  {@code USER_REVOCATION_CHECK_MS}: how often every replica looks for users revoked
 *                         elsewhere ({@code admin revoke --user}); the longest delay before the revocation takes
 *                         effect on another replica
 */
public record AdminSettings(Optional<Path> adminFile, Duration revocationCheck) {
    static final String OFF = "off";
    static final long DEFAULT_REVOCATION_CHECK_MS = 1000;

    /** The default file for a gateway on {@code port}, under {@code home}. */
    static Path defaultFile(String home, int port) {
        return Path.of(home, ".mcp-oauth-gateway", "admin-" + port + ".json");
    }
}
