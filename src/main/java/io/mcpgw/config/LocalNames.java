package io.mcpgw.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names that only ever reach this computer or a private test network, never a client on the internet: the
 * passwordless development login is allowed on these names only.
 *
 * <ul>
 *   <li>{@code localhost} and any name under {@code .localhost} (RFC 6761 §6.3: always loopback);</li>
 *   <li>the loopback literals {@code 127.0.0.0/8} and {@code [::1]};</li>
 *   <li>any name under {@code .test} (RFC 6761 §6.2: never delegated in public DNS, so no public certificate and no
 *       internet client can reach it; local TLS setups and the gateway's own tests use it).</li>
 * </ul>
 * Nothing is resolved through DNS; case does not matter; a trailing dot is not accepted.
 */
public final class LocalNames {
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");

    private LocalNames() {
    }

    /** A bare host name or IP literal (IPv6 with or without brackets). */
    public static boolean isLocalHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".test")) {
            return HostRules.isDnsName(h) || h.equals("localhost");
        }
        if (h.startsWith("[") || h.contains(":")) {
            return HostRules.isLoopback(h);
        }
        return HostRules.isIpv4(h) && h.startsWith("127.");
    }

    /** A {@code Host} header value: {@code host[:port]} or {@code [ipv6][:port]}. */
    public static boolean isLocalAuthority(String authority) {
        if (authority == null) {
            return false;
        }
        String a = authority.trim();
        String host;
        String rest;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 0) {
                return false;
            }
            host = a.substring(0, end + 1);
            rest = a.substring(end + 1);
        } else {
            int colon = a.indexOf(':');
            host = colon < 0 ? a : a.substring(0, colon);
            rest = colon < 0 ? "" : a.substring(colon);
        }
        return (rest.isEmpty() || PORT.matcher(rest).matches()) && isLocalHost(host);
    }
}
