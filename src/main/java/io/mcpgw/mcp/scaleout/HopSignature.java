package io.mcpgw.mcp.scaleout;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header that authenticates a request one replica forwards to another: {@code <epoch
 * seconds>.<HMAC-SHA256 of "seconds \n method \n uri \n session id">} under {@code GATEWAY_CLUSTER_SECRET}, base64url.
 *
 * <p>Rules: a signature older or newer than {@link #MAX_SKEW_SECONDS} is refused; comparison is constant-time; a
 * malformed header is simply invalid (never an exception). The signature proves only that a replica forwarded the
 * request (so it is never forwarded again); the user is still proven by the bearer token the owner checks itself.
 */
public final class HopSignature {
    public static final String HEADER = "Mcp-Gateway-Hop";
    static final long MAX_SKEW_SECONDS = 60;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    public HopSignature(byte[] secret, Clock clock) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.clock = clock;
    }

    /** The header value for a forwarded request. */
    public String sign(String method, String uri, String sessionId) {
        long now = clock.instant().getEpochSecond();
        return now + "." + mac(now, method, uri, sessionId);
    }

    /** Whether {@code header} is a fresh signature of this request by a replica sharing the secret. */
    public boolean verify(String header, String method, String uri, String sessionId) {
        if (header == null || header.length() > 200) {
            return false;
        }
        int dot = header.indexOf('.');
        if (dot <= 0 || dot > 19) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(header.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_SKEW_SECONDS) {
            return false;
        }
        byte[] expected = mac(seconds, method, uri, sessionId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private String mac(long seconds, String method, String uri, String sessionId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal((seconds + "\n" + method + "\n" + uri + "\n" + sessionId)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
