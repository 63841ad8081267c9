package io.mcpgw.oauth;

import java.util.Set;

/**
 * The loopback test of URL hosts, in one place: a host is loopback when it is spelled exactly {@code localhost},
 * {@code 127.0.0.1} or {@code [::1]} (as {@link java.net.URI#getHost()} gives it). Used by redirect URI rules
 * (RFC 8252 §7.3, §8.3), the consent page, the audience form of resources and the MCP challenge's origin. Nothing
 * is resolved through DNS. (Settings such as {@code GATEWAY_BIND} use the wider IP-range rule of
 * {@code io.mcpgw.config.HostRules}.)
 */
public final class Loopback {
    public static final Set<String> HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private Loopback() {
    }

    /** True when {@code host} (may be null) is one of {@link #HOSTS}. */
    public static boolean isHost(String host) {
        return host != null && HOSTS.contains(host);
    }
}
