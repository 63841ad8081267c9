package io.mcpgw.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host names and IP literals. Nothing here resolves names through DNS: a name is loopback only when it is
 * {@code localhost} itself or a loopback IP literal.
 */
final class HostRules {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern IPV6_CHARS = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private HostRules() {
    }

    /** Dotted quad, each part 0..255 without leading zeros. */
    static boolean isIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!DIGITS.matcher(part).matches() || part.length() > 3 || (part.length() > 1 && part.startsWith("0"))
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** IPv6 literal without brackets and without a zone id. */
    static boolean isIpv6(String host) {
        // Starts with a hex digit or ':' and contains ':', so InetAddress parses it as a literal, never via DNS.
        return IPV6_CHARS.matcher(host).matches() && ipv6(host) != null;
    }

    /** DNS name: dot-separated labels of letters, digits and inner hyphens; the last label is not all digits. */
    static boolean isDnsName(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !DIGITS.matcher(labels[labels.length - 1]).matches();
    }

    /** A host as it appears in a URL: DNS name, IPv4 literal or bracketed IPv6 literal. */
    static boolean isUrlHost(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return isIpv6(host.substring(1, host.length() - 1));
        }
        return isIpv4(host) || isDnsName(host);
    }

    /** {@code localhost}, 127.0.0.0/8 or ::1 (also in brackets or IPv4-mapped). {@code 0.0.0.0} is not loopback. */
    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        if (isIpv4(bare)) {
            return bare.startsWith("127.");
        }
        InetAddress address = IPV6_CHARS.matcher(bare).matches() ? ipv6(bare) : null;
        return address != null && address.isLoopbackAddress();
    }

    /**
     * {@code GATEWAY_BIND}: an IP literal or a host name, no scheme, no port. A bracketed IPv6 literal is
     * returned without its brackets.
     */
    static String bindAddress(String value) {
        if (value.contains("://") || value.contains("/")) {
            throw new BadValue("must be an IP address or host name, not a URL");
        }
        String host = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        if (isIpv4(host) || isIpv6(host) || isDnsName(host)) {
            return host;
        }
        if (host.contains(":")) {
            throw new BadValue("must be an IP address or host name without a port (set the port with GATEWAY_PORT)");
        }
        throw new BadValue("is neither an IP address nor a valid host name");
    }

    /** {@code BASE_DOMAIN}: a DNS name, no scheme, no slash, no port. */
    static String domain(String value) {
        if (value.contains("://")) {
            throw new BadValue("must be a bare domain name such as example.com, without scheme");
        }
        if (value.contains("/")) {
            throw new BadValue("must be a bare domain name such as example.com, without slash or path");
        }
        if (value.contains(":")) {
            throw new BadValue("must be a bare domain name such as example.com, without port");
        }
        if (!isDnsName(value)) {
            throw new BadValue("is not a valid domain name (letters, digits, inner hyphens, dot-separated labels)");
        }
        return value;
    }

    private static InetAddress ipv6(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
