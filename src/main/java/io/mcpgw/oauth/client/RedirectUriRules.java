package io.mcpgw.oauth.client;

import io.mcpgw.oauth.Loopback;
import io.mcpgw.oauth.OAuthError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The redirect URI rules of the gateway, for registration ({@link #validate}) and for the authorization request
 * ({@link #matches}).
 *
 * <p>A registered redirect URI must be, in this order of checks:
 * <ol>
 *   <li>non-empty, at most {@value #MAX_LENGTH} characters, printable ASCII only (no whitespace, no control
 *       characters; anything else must be percent-encoded);</li>
 *   <li>an absolute URI (RFC 3986 §4.3) without a fragment (RFC 6749 §3.1.2) and without user information;</li>
 *   <li>one of:
 *     <ul>
 *       <li>{@code https} with a host (MCP 2025-11-25 §11.3, OAuth 2.1 §2.3.1);</li>
 *       <li>{@code http} on loopback only, with the host exactly {@code localhost}, {@code 127.0.0.1} or
 *           {@code [::1]} (RFC 8252 §7.3, §8.3): {@code http://localhost.evil.com} and
 *           {@code http://127.0.0.1.nip.io} are refused, which a prefix test would let through;</li>
 *       <li>a private-use scheme (RFC 8252 §7.1) such as {@code com.example.app:/cb}, {@code cursor://…} or
 *           {@code vscode://…}: any syntactically valid scheme not in {@link #DENIED_SCHEMES}. Schemes that run in
 *           the browser's context or carry no application ({@code javascript}, {@code data}, {@code file}…) and the
 *           deprecated out-of-band {@code urn:} form are denied.</li>
 *     </ul>
 *   </li>
 * </ol>
 * Every refusal is an {@code invalid_redirect_uri} (RFC 7591 §3.2.2) whose description names the broken rule.
 *
 * <p>Matching is exact string comparison (MCP 2025-11-25 §11.5, OAuth 2.1 §4.1.3), with one exception: for
 * {@code http} loopback URIs the port may differ when scheme, host, path and query are equal (RFC 8252 §7.3).
 * The exception covers {@code localhost} by name as well, because mcp-remote and Claude Code register
 * {@code http://localhost:<port>/…} (or no port) and then listen on another port.
 */
public final class RedirectUriRules {
    public static final int MAX_LENGTH = 2000;

    /** Hosts accepted for {@code http}; {@link URI#getHost()} keeps the brackets of an IPv6 literal. */

    /** Schemes never accepted as private-use schemes (lower case). */
    public static final Set<String> DENIED_SCHEMES = Set.of(
            "javascript", "vbscript", "data", "file", "about", "blob", "filesystem", "view-source",
            "ftp", "ws", "wss", "urn");

    private RedirectUriRules() {
    }

    /**
     * Checks one redirect URI offered for registration.
     *
     * @throws io.mcpgw.oauth.OAuthException {@code invalid_redirect_uri} naming the broken rule
     */
    public static void validate(String redirectUri) {
        if (redirectUri == null || redirectUri.isEmpty()) {
            throw refuse("a redirect URI is empty");
        }
        if (redirectUri.length() > MAX_LENGTH) {
            throw refuse("a redirect URI is longer than " + MAX_LENGTH + " characters");
        }
        if (!redirectUri.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw refuse("a redirect URI contains whitespace, control or non-ASCII characters");
        }
        if (redirectUri.indexOf('#') >= 0) {
            throw refuse("a redirect URI must not contain a fragment (RFC 6749 §3.1.2)");
        }
        URI uri = parse(redirectUri).orElseThrow(() -> refuse("a redirect URI is not a valid URI"));
        if (!uri.isAbsolute()) {
            throw refuse("a redirect URI must be an absolute URI");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw refuse("a redirect URI must not contain user information");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https" -> {
                if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    throw refuse("an https redirect URI must have a valid host");
                }
            }
            case "http" -> {
                if (!isLoopbackHttp(uri)) {
                    throw refuse("http redirect URIs are only allowed on loopback: localhost, 127.0.0.1 or [::1]");
                }
            }
            default -> {
                if (DENIED_SCHEMES.contains(scheme)) {
                    throw refuse("the redirect URI scheme '" + scheme + "' is not allowed");
                }
            }
        }
    }

    /**
     * Whether {@code presented} (from an authorization request) matches one of the {@code registered} redirect URIs:
     * exact string equality, or equal loopback {@code http} URIs that differ only in the port (RFC 8252 §7.3).
     */
    public static boolean matches(List<String> registered, String presented) {
        if (registered == null || presented == null || presented.isEmpty()) {
            return false;
        }
        for (String candidate : registered) {
            if (presented.equals(candidate)) {
                return true;
            }
        }
        Optional<URI> asked = parse(presented).filter(RedirectUriRules::isPortFreeLoopback);
        if (asked.isEmpty()) {
            return false;
        }
        for (String candidate : registered) {
            Optional<URI> known = parse(candidate).filter(RedirectUriRules::isPortFreeLoopback);
            if (known.isPresent() && sameExceptPort(known.get(), asked.get())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code uri} is an absolute {@code https} URL with a host, or an {@code http} URL on an exact loopback
     * host; used for the informational URLs of client metadata ({@code client_uri}, {@code logo_uri}…).
     */
    static boolean isWebUrl(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH
                || !value.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            return false;
        }
        Optional<URI> uri = parse(value);
        if (uri.isEmpty() || !uri.get().isAbsolute() || uri.get().getRawUserInfo() != null) {
            return false;
        }
        String scheme = uri.get().getScheme().toLowerCase(Locale.ROOT);
        return ("https".equals(scheme) && uri.get().getHost() != null && !uri.get().getHost().isEmpty())
                || ("http".equals(scheme) && isLoopbackHttp(uri.get()));
    }

    private static boolean isLoopbackHttp(URI uri) {
        return "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                && Loopback.isHost(uri.getHost());
    }

    /** A loopback {@code http} URI without user information or fragment, eligible for the port exception. */
    private static boolean isPortFreeLoopback(URI uri) {
        return isLoopbackHttp(uri) && uri.getRawUserInfo() == null && uri.getRawFragment() == null;
    }

    private static boolean sameExceptPort(URI a, URI b) {
        return a.getScheme().equals(b.getScheme())
                && a.getHost().equals(b.getHost())
                && Objects.equals(a.getRawPath(), b.getRawPath())
                && Objects.equals(a.getRawQuery(), b.getRawQuery());
    }

    private static Optional<URI> parse(String value) {
        try {
            return Optional.of(new URI(value));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static io.mcpgw.oauth.OAuthException refuse(String description) {
        return OAuthError.invalidRedirectUri(description).exception();
    }
}
