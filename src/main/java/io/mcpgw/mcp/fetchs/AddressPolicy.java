package io.mcpgw.mcp.fetchs;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses the {@code fetch} tool may connect to (SSRF protection, MCP security best practices §2.3).
 *
 * <p>Every address a host name resolves to is classified; one refused address refuses the host. Always refused:
 * link-local (169.254/16, fe80::/10), the cloud metadata endpoints (169.254.169.254, 169.254.170.2,
 * 100.100.100.200, fd00:ec2::254, and the names in {@link #METADATA_NAMES}), multicast, broadcast and reserved
 * ranges. Refused unless the operator sets {@code gateway.fetchs.allow-private=true}: loopback, the unspecified
 * address (0.0.0.0, ::), private networks (10/8, 172.16/12, 192.168/16, 198.18/15, fc00::/7, fec0::/10) and shared
 * address space (CGNAT 100.64/10). IPv6 forms that carry an IPv4 address (mapped ::ffff:0:0/96, compatible ::/96,
 * NAT64 64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32) are judged by that IPv4 address.
 * Nothing in a request can change the policy.
 */
public final class AddressPolicy {

    /** What an address is, for the policy. */
    public enum Category {
        PUBLIC, LOOPBACK, UNSPECIFIED, PRIVATE, SHARED, LINK_LOCAL, METADATA, MULTICAST, BROADCAST, RESERVED
    }

    /** Host names of cloud metadata services, refused before any DNS lookup. */
    public static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");

    private static final Set<Category> ALWAYS_REFUSED = EnumSet.of(Category.LINK_LOCAL, Category.METADATA,
            Category.MULTICAST, Category.BROADCAST, Category.RESERVED);
    private static final Set<Category> PRIVATE = EnumSet.of(Category.LOOPBACK, Category.UNSPECIFIED, Category.PRIVATE,
            Category.SHARED);

    private final boolean allowPrivate;

    public AddressPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allowPrivate() {
        return allowPrivate;
    }

    /** Why the host name itself is refused (before resolving it); empty when it may be resolved. */
    public Optional<String> refuseName(String host) {
        String h = normalize(host);
        if (METADATA_NAMES.contains(h)) {
            return Optional.of(host + " is a cloud metadata service");
        }
        return Optional.empty();
    }

    /** Why a connection to {@code address} is refused; empty when it is allowed. */
    public Optional<String> refuse(InetAddress address) {
        Category c = categorize(address);
        if (ALWAYS_REFUSED.contains(c) || (!allowPrivate && PRIVATE.contains(c))) {
            return Optional.of(address.getHostAddress() + " is a " + describe(c) + " address");
        }
        return Optional.empty();
    }

    /** Lower case, without a trailing dot. */
    static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static String describe(Category c) {
        return switch (c) {
            case LOOPBACK -> "loopback";
            case UNSPECIFIED -> "unspecified (any-local)";
            case PRIVATE -> "private-network";
            case SHARED -> "shared (carrier-grade NAT)";
            case LINK_LOCAL -> "link-local";
            case METADATA -> "cloud metadata";
            case MULTICAST -> "multicast";
            case BROADCAST -> "broadcast";
            case RESERVED -> "reserved";
            case PUBLIC -> "public";
        };
    }

    public static Category categorize(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address || b.length == 4) {
            return categorizeV4(b, 0);
        }
        return categorizeV6(b, (Inet6Address) address);
    }

    private static Category categorizeV4(byte[] b, int at) {
        int a0 = b[at] & 0xff;
        int a1 = b[at + 1] & 0xff;
        int a2 = b[at + 2] & 0xff;
        int a3 = b[at + 3] & 0xff;
        long v = ((long) a0 << 24) | (a1 << 16) | (a2 << 8) | a3;
        if (v == 0) {
            return Category.UNSPECIFIED;
        }
        if (v == 0xFFFFFFFFL) {
            return Category.BROADCAST;
        }
        if ((a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254) || (a0 == 169 && a1 == 254 && a2 == 170 && a3 == 2)
                || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)) {
            return Category.METADATA;
        }
        if (a0 == 0) {
            return Category.RESERVED; // "this network"
        }
        if (a0 == 127) {
            return Category.LOOPBACK;
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168) || (a0 == 198 && (a1 & 0xfe) == 18)) {
            return Category.PRIVATE;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Category.SHARED;
        }
        if (a0 == 169 && a1 == 254) {
            return Category.LINK_LOCAL;
        }
        if ((a0 & 0xf0) == 224) {
            return Category.MULTICAST;
        }
        if ((a0 & 0xf0) == 240 || (a0 == 192 && a1 == 0 && a2 == 0) || (a0 == 192 && a1 == 0 && a2 == 2)
                || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return Category.RESERVED; // future use, IETF assignments (192.0.0.192 is a metadata address too), docs
        }
        return Category.PUBLIC;
    }

    private static Category categorizeV6(byte[] b, Inet6Address address) {
        boolean first10Zero = true;
        for (int i = 0; i < 10; i++) {
            first10Zero &= b[i] == 0;
        }
        if (first10Zero && b[10] == 0 && b[11] == 0) {
            boolean zero = true;
            for (int i = 12; i < 15; i++) {
                zero &= b[i] == 0;
            }
            if (zero && b[15] == 0) {
                return Category.UNSPECIFIED;
            }
            if (zero && b[15] == 1) {
                return Category.LOOPBACK;
            }
            return categorizeV4(b, 12); // IPv4-compatible ::a.b.c.d
        }
        if (first10Zero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return categorizeV4(b, 12); // IPv4-mapped ::ffff:a.b.c.d
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (w0 == 0x64 && w1 == 0xff9b) {
            return categorizeV4(b, 12); // NAT64 64:ff9b::/96 and local-use 64:ff9b:1::/48
        }
        if (w0 == 0x2002) {
            return categorizeV4(b, 2); // 6to4
        }
        if (w0 == 0x2001 && w1 == 0) {
            byte[] client = {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
            return categorizeV4(client, 0); // Teredo: the client's address, inverted
        }
        if (w0 == 0xfd00 && w1 == 0x0ec2 && isLastWord(b, 0x254)) {
            return Category.METADATA; // AWS IMDS over IPv6
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return Category.LINK_LOCAL;
        }
        if ((w0 & 0xffc0) == 0xfec0 || (w0 & 0xfe00) == 0xfc00) {
            return Category.PRIVATE; // site-local (deprecated), unique local
        }
        if ((w0 & 0xff00) == 0xff00 || address.isMulticastAddress()) {
            return Category.MULTICAST;
        }
        if ((w0 == 0x0100 && w1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0)
                || (w0 == 0x2001 && w1 == 0x0db8)) {
            return Category.RESERVED; // discard-only, documentation
        }
        return Category.PUBLIC;
    }

    private static boolean isLastWord(byte[] b, int value) {
        for (int i = 4; i < 14; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (((b[14] & 0xff) << 8) | (b[15] & 0xff)) == value;
    }
}
