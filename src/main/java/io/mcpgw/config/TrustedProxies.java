package io.mcpgw.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GATEWAY_TRUSTED_PROXIES}: the peer addresses whose {@code X-Forwarded-*} headers the gateway believes
 * (the reverse proxy in front of it). A request from any other peer is judged on its own connection only.
 * Entries are IP addresses or CIDR ranges; the default trusts loopback and the private ranges a Docker network uses.
 */
public final class TrustedProxies {
    public static final String DEFAULT = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7";
    private final List<String> ranges;
    /** Parsed once: {@link #trusts} runs on every /verify and metadata request. */
    private final List<Range> parsed;

    private TrustedProxies(List<String> ranges) {
        this.ranges = List.copyOf(ranges);
        this.parsed = this.ranges.stream().map(TrustedProxies::range).toList();
    }

    /** The entries as configured. */
    public List<String> ranges() {
        return ranges;
    }

    /** Parses a comma list; throws {@link IllegalArgumentException} naming the bad entry. */
    public static TrustedProxies parse(String list) {
        List<String> ranges = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            range(entry);
            ranges.add(entry);
        }
        return new TrustedProxies(ranges);
    }

    public boolean trusts(InetAddress peer) {
        if (peer == null) {
            return false;
        }
        byte[] address = peer.getAddress();
        for (Range r : parsed) {
            if (r.base.length == address.length && r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private record Range(byte[] base, int prefix) {
        /** Compares the first {@code prefix} bits, byte by byte. */
        boolean contains(byte[] address) {
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (base[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (base[full] & mask) == (address[full] & mask);
        }
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String host = slash < 0 ? entry : entry.substring(0, slash);
        if (!host.matches("(\\d{1,3}\\.){3}\\d{1,3}") && !(host.contains(":") && host.matches("[0-9a-fA-F:.]+"))) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
        }
        byte[] base;
        try {
            base = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
        }
        int prefix = base.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + entry + "' has no numeric prefix length");
            }
            if (prefix < 0 || prefix > base.length * 8) {
                throw new IllegalArgumentException("'" + entry + "' has a prefix length out of range");
            }
        }
        return new Range(base, prefix);
    }
}
