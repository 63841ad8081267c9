package io.mcpgw.mcp.transport;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code Last-Event-ID} header as the gateway issues event ids: {@code <stream>:<seq>}, the stream id being
 * {@code <tag>-<n>} in a resumable session. Rule: anything else (too long, another shape, a number out of range) is
 * not an event id of the gateway and is refused before any lookup.
 *
 * @param streamId the stream the event belongs to
 * @param seq      the event's number in that stream (0 = the priming event)
 */
record LastEventId(String streamId, long seq) {
    private static final int MAX_LENGTH = 64;
    private static final Pattern FORM = Pattern.compile("[0-9a-z]{1,8}-[0-9]{1,18}:[0-9]{1,18}");

    static Optional<LastEventId> parse(String header) {
        if (header == null || header.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String value = header.strip();
        if (!FORM.matcher(value).matches()) {
            return Optional.empty();
        }
        int colon = value.lastIndexOf(':');
        return Optional.of(new LastEventId(value.substring(0, colon), Long.parseLong(value.substring(colon + 1))));
    }
}
