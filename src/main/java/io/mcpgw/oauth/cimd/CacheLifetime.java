package io.mcpgw.oauth.cimd;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a fetched client metadata document is kept, from its {@code Cache-Control} (RFC 9111 §5.2.2), bounded
 * to [{@link #MIN}, {@link #MAX}] as the draft allows an authorization server to: {@code max-age=N} → N seconds
 * within the bounds; {@code no-store}, {@code no-cache} or {@code max-age=0} → {@link #MIN} (long enough for one
 * authorization to finish without fetching the document at every step); no usable directive →
 * {@link #DEFAULT}.
 */
public final class CacheLifetime {
    public static final Duration MIN = Duration.ofSeconds(60);
    public static final Duration DEFAULT = Duration.ofMinutes(10);
    public static final Duration MAX = Duration.ofHours(24);

    private CacheLifetime() {
    }

    public static Duration of(String cacheControl) {
        if (cacheControl == null || cacheControl.isBlank()) {
            return DEFAULT;
        }
        Duration found = null;
        for (String raw : cacheControl.split(",")) {
            String directive = raw.strip().toLowerCase(Locale.ROOT);
            if (directive.equals("no-store") || directive.equals("no-cache")) {
                return MIN;
            }
            if (directive.startsWith("max-age=")) {
                String value = directive.substring("max-age=".length()).replace("\"", "");
                if (value.matches("[0-9]{10,}")) {
                    return MAX; // beyond any bound (RFC 9111 §1.2.2: a too large number is "infinity")
                }
                try {
                    found = Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
                } catch (NumberFormatException e) {
                    return MIN; // RFC 9111 §4.2.1: an invalid max-age means stale
                }
            }
        }
        if (found == null) {
            return DEFAULT;
        }
        return found.compareTo(MIN) < 0 ? MIN : found.compareTo(MAX) > 0 ? MAX : found;
    }
}
