package io.mcpgw.oauth.cimd;

import io.mcpgw.oauth.OAuthError;
import io.mcpgw.oauth.OAuthException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A {@code client_id} that is a URL: the address of the client's metadata document
 * (draft-ietf-oauth-client-id-metadata-document §3, MCP 2025-11-25 authorization §5.1).
 *
 * <p>Any {@code client_id} starting with {@code https://} or {@code http://} (case-insensitive) is taken as one, so
 * that a plain-http one is refused with its reason instead of as an unknown client. It is accepted when it is at
 * most {@value #MAX_LENGTH} printable ASCII characters and a URL with the {@code https} scheme, a host, a path
 * component without {@code .} or {@code ..} segments, no fragment and no user information; a port and a query are
 * allowed. Every refusal is {@code invalid_client} naming the broken rule.
 */
public final class ClientIdUrl {
    public static final int MAX_LENGTH = 2000;

    private ClientIdUrl() {
    }

    /** Whether {@code clientId} is meant as a metadata document URL (it may still be refused by {@link #parse}). */
    public static boolean isUrl(String clientId) {
        return clientId != null && (clientId.regionMatches(true, 0, "https://", 0, 8)
                || clientId.regionMatches(true, 0, "http://", 0, 7));
    }

    /** The host of an accepted client id URL, for display. */
    public static String host(String clientId) {
        return URI.create(clientId).getHost();
    }

    /**
     * @throws OAuthException {@code invalid_client} naming the rule {@code clientId} breaks
     */
    public static URI parse(String clientId) {
        if (clientId.length() > MAX_LENGTH) {
            throw refuse("a client_id URL is longer than " + MAX_LENGTH + " characters");
        }
        if (!clientId.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw refuse("a client_id URL contains whitespace, control or non-ASCII characters");
        }
        URI uri;
        try {
            uri = new URI(clientId);
        } catch (URISyntaxException e) {
            throw refuse("the client_id is not a valid URL");
        }
        if (!"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw refuse("a client_id URL must use https (a client metadata document is never fetched over http)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw refuse("a client_id URL must have a host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw refuse("a client_id URL must not contain a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw refuse("a client_id URL must not contain a fragment");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            throw refuse("a client_id URL must have a path (the address of the metadata document)");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw refuse("a client_id URL must not contain . or .. path segments");
            }
        }
        return uri;
    }

    static OAuthException refuse(String description) {
        return OAuthError.invalidClient(description).exception();
    }
}
