package io.mcpgw.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Comma-list settings: {@code ALLOWED_GITHUB_USERS} and {@code MCP_CORS_ORIGINS}. {@code *} means any. */
final class ListRules {

    static final String ANY = "*";

    /** GitHub login syntax: letters, digits and single inner hyphens, 1 to 39 characters. */
    private static final Pattern GITHUB_LOGIN = Pattern.compile("(?=.{1,39}$)[a-z0-9]+(?:-[a-z0-9]+)*");
    /** A numeric GitHub user id: {@code id:} and 1 to 18 digits, no leading zero. */
    private static final Pattern GITHUB_ID = Pattern.compile("id:[1-9][0-9]{0,17}");

    private ListRules() {
    }

    /** Comma-separated entries, each trimmed; empty entries dropped. */
    static List<String> entries(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(e -> !e.isEmpty()).collect(Collectors.toList());
    }

    /**
     * Allowed GitHub users: logins (lower-cased) and numeric ids ({@code id:1234}, kept as {@code id:1234}), with
     * {@link #ANY} kept as is. A login can be renamed and then registered by someone else; an id never changes.
     */
    static Set<String> githubLogins(String value) {
        Set<String> logins = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String entry : entries(value)) {
            String login = entry.toLowerCase(Locale.ROOT);
            if (login.equals(ANY) || GITHUB_LOGIN.matcher(login).matches() || GITHUB_ID.matcher(login).matches()) {
                logins.add(login);
            } else {
                bad.add("'" + entry + "'");
            }
        }
        if (!bad.isEmpty()) {
            throw new BadValue(String.join(", ", bad) + (bad.size() == 1 ? " is not a GitHub login or id" : " are not GitHub logins or ids")
                    + " (a login: letters, digits and single inner hyphens, 1 to 39 characters; an id: id:1234;"
                    + " * = any GitHub user)");
        }
        if (logins.isEmpty()) {
            throw new BadValue("lists no GitHub login (comma list of logins, or * for any GitHub user)");
        }
        return logins;
    }

    /** CORS origins normalized by {@link UrlRules#origin}, with {@link #ANY} kept as is. */
    static Set<String> origins(String value) {
        Set<String> origins = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String entry : entries(value)) {
            if (entry.equals(ANY)) {
                origins.add(ANY);
                continue;
            }
            try {
                origins.add(UrlRules.origin(entry));
            } catch (BadValue e) {
                bad.add("'" + entry + "'");
            }
        }
        if (!bad.isEmpty()) {
            throw new BadValue(String.join(", ", bad) + (bad.size() == 1 ? " is not an origin" : " are not origins")
                    + " of the form scheme://host[:port] (no path, no trailing slash; * = any origin)");
        }
        return origins;
    }
}
