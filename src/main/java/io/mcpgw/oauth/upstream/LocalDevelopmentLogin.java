package io.mcpgw.oauth.upstream;

import io.mcpgw.oauth.Parameters;
import io.mcpgw.oauth.UserIdentity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * When no upstream provider is configured, users sign in by typing a user name on {@code /login}, without a password.
 * The subject is {@code local-<name>} so it never collides with a GitHub id.
 *
 * <p>It must never face the internet: start-up refuses it unless the bind address is loopback and the issuer host
 * and {@code BASE_DOMAIN} (when set) are local names ({@link io.mcpgw.config.LocalNames}), and while it is on, the
 * browser flow refuses every request whose {@code Host} is not a local name.
 */
public final class LocalDevelopmentLogin implements UpstreamLogin {
    /** GitHub's login syntax: alphanumerics and single hyphens, at most 39 characters. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}");
    private final String issuer;

    public LocalDevelopmentLogin(String issuer) {
        this.issuer = issuer;
    }

    @Override
    public String displayName() {
        return "the local development login";
    }

    @Override
    public String loginUrl(String state, String codeVerifier) {
        return issuer + "/login?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    @Override
    public UserIdentity complete(Parameters form, String codeVerifier) {
        String username = form.optional("username").map(String::trim).orElse("");
        if (!USERNAME.matcher(username).matches()) {
            throw new UpstreamLoginException("invalid_request",
                    "a user name is 1 to 39 letters, digits or single hyphens");
        }
        String login = username.toLowerCase(Locale.ROOT);
        return new UserIdentity("local-" + login, login, null, username);
    }

    @Override
    public boolean allows(UserIdentity user) {
        return true;
    }
}
