package io.mcpgw.config;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How this replica takes part in a scaled-out deployment ({@code GATEWAY_INTERNAL_URL}, {@code GATEWAY_CLUSTER_SECRET}):
 * the address other replicas reach it at (recorded in the shared store as the owner of the MCP sessions it runs), and
 * the secret that signs the hop of a request forwarded between replicas.
 *
 * <p>Rules: the internal URL is {@code http(s)://host:port} without path; the secret has at least
 * {@link #MIN_SECRET_BYTES} bytes and never appears in {@link #toString()}.
 *
 * @param internalUrl this replica's address for other replicas, e.g. {@code http://10.0.3.7:8080}
 */
public record ScaleOut(String internalUrl, byte[] secret) {
    /** 32 bytes: the HMAC-SHA256 key length. */
    public static final int MIN_SECRET_BYTES = 32;

    public ScaleOut {
        secret = secret.clone();
    }

    static ScaleOut of(String internalUrl, String secret) {
        return new ScaleOut(internalUrl, secret.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaleOut other && internalUrl.equals(other.internalUrl) && Arrays.equals(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return internalUrl.hashCode();
    }

    @Override
    public String toString() {
        return "ScaleOut[internalUrl=" + internalUrl + ", secret=***]";
    }
}
