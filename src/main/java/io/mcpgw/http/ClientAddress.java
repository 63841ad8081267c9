package io.mcpgw.http;

import io.mcpgw.config.TrustedProxies;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Message;

/**
 * The address of the client behind a request, as a rate-limit key. Rules:
 * <ul>
 *   <li>a peer that is not a trusted proxy ({@code GATEWAY_TRUSTED_PROXIES}) is the client itself; whatever
 *       {@code X-Forwarded-For} it sends is ignored (anyone can write that header);</li>
 *   <li>behind a trusted proxy the client is the <b>rightmost untrusted hop</b> of {@code X-Forwarded-For}: each proxy
 *       appends the peer it saw, so reading from the right, the first address that is not one of our proxies was
 *       written by a proxy we trust and is the real client; everything left of it is the client's own claim. When
 *       every hop is trusted (an internal caller), the leftmost trusted hop counts; an entry that is no IP literal
 *       ends the walk at the last good hop (no DNS lookup is ever made);</li>
 *   <li>IPv6 clients are keyed by their /64 prefix (one subscriber usually holds a whole /64), IPv4 by the address.</li>
 * </ul>
 */
public final class ClientAddress {
    private static final int MAX_HOPS = 32;
    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}");
    private static final java.util.regex.Pattern IPV6_CHARACTERS = java.util.regex.Pattern.compile("[0-9a-fA-F:.]+");

    private ClientAddress() {
    }

    /** The client address of a platform-http request. */
    public static String of(Message message, TrustedProxies proxies) {
        return resolve(ForwardedRequest.peer(message), forwardedFor(message.getHeader("X-Forwarded-For")), proxies);
    }

    /** The rules of the class on plain values; {@code unknown} without a peer. */
    public static String resolve(InetAddress peer, String xForwardedFor, TrustedProxies proxies) {
        if (peer == null) {
            return "unknown";
        }
        InetAddress client = peer;
        if (proxies.trusts(peer) && xForwardedFor != null && !xForwardedFor.isBlank()) {
            String[] hops = xForwardedFor.split(",");
            for (int i = hops.length - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
                Optional<InetAddress> hop = literal(hops[i].strip());
                if (hop.isEmpty()) {
                    break;
                }
                client = hop.get();
                if (!proxies.trusts(client)) {
                    break;
                }
            }
        }
        return key(client);
    }

    private static String key(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            for (int i = 8; i < 16; i++) {
                bytes[i] = 0;
            }
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                return address.getHostAddress();
            }
        }
        return address.getHostAddress();
    }

    /** An IPv4 or IPv6 literal, optionally with a port or IPv6 brackets; never a name (no lookup). */
    static Optional<InetAddress> literal(String entry) {
        String host = entry;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = host.substring(1, close);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            host = host.substring(0, host.indexOf(':')); // IPv4 with port
        }
        boolean ipv4 = IPV4.matcher(host).matches() && octetsInRange(host);
        boolean ipv6 = host.contains(":") && host.length() <= 45 && IPV6_CHARACTERS.matcher(host).matches();
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Each dot-separated number of an IPv4 literal (already known to be 1 to 3 digits) is at most 255. */
    private static boolean octetsInRange(String ipv4) {
        int value = 0;
        for (int i = 0; i < ipv4.length(); i++) {
            char c = ipv4.charAt(i);
            if (c == '.') {
                value = 0;
            } else if ((value = value * 10 + (c - '0')) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Several {@code X-Forwarded-For} header lines are one comma list (RFC 9110 §5.3). */
    private static String forwardedFor(Object header) {
        if (header instanceof List<?> lines) {
            return String.join(",", lines.stream().map(String::valueOf).toList());
        }
        return header == null ? null : header.toString();
    }
}
