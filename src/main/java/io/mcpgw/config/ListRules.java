package io.mcpgw.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Comma-list settings: {@code ALLOWED_GITHUB_USERS}, {@code ALLOWED_GITHUB_ORGS}, {@code ALLOWED_GITHUB_TEAMS},
 * {@code ALLOWED_OIDC_USERS}, {@code ALLOWED_OIDC_GROUPS} and {@code MCP_CORS_ORIGINS}. {@code *} means any where
 * a list says so.
 */
final class ListRules {

    static final String ANY = "*";

    /** GitHub login syntax: letters, digits and single inner hyphens, 1 to 39 characters. */
    private static final Pattern GITHUB_LOGIN = Pattern.compile("(?=.{1,39}$)[a-z0-9]+(?:-[a-z0-9]+)*");
    /** A numeric GitHub user id: {@code id:} and 1 to 18 digits, no leading zero. */
    private static final Pattern GITHUB_ID = Pattern.compile("id:[1-9][0-9]{0,17}");
    /** A team slug: lower-case letters, digits, hyphens and underscores, as GitHub derives it from the team name. */
    private static final Pattern TEAM_SLUG = Pattern.compile("[a-z0-9_][a-z0-9_-]{0,99}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

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

    /** GitHub organization logins (lower-cased): the login syntax; no {@code *}. */
    static Set<String> githubOrgs(String value) {
        return validated(value, e -> GITHUB_LOGIN.matcher(e.toLowerCase(Locale.ROOT)).matches()
                ? e.toLowerCase(Locale.ROOT) : null, "a GitHub organization login", "organization");
    }

    /** GitHub teams as {@code org/team-slug} (lower-cased), the slug as GitHub shows it in the team's URL. */
    static Set<String> githubTeams(String value) {
        return validated(value, e -> {
            String t = e.toLowerCase(Locale.ROOT);
            int slash = t.indexOf('/');
            return slash > 0 && GITHUB_LOGIN.matcher(t.substring(0, slash)).matches()
                    && TEAM_SLUG.matcher(t.substring(slash + 1)).matches() ? t : null;
        }, "a GitHub team of the form org/team-slug", "team");
    }

    /** OIDC users: emails (lower-cased) or {@code sub:<subject>} (exact), or {@code *} for any user of the provider. */
    static Set<String> oidcUsers(String value) {
        return validated(value, e -> {
            if (e.equals(ANY)) {
                return ANY;
            }
            if (e.startsWith("sub:") && e.length() > 4 && e.length() <= 259 && printable(e)) {
                return e;
            }
            return EMAIL.matcher(e).matches() ? e.toLowerCase(Locale.ROOT) : null;
        }, "an email address or sub:<subject>", "user (emails, sub:<subject>, or * for any user of the provider)");
    }

    /** OIDC group names as the provider lists them in the groups claim (exact, case-sensitive). */
    static Set<String> oidcGroups(String value) {
        return validated(value, e -> e.length() <= 256 && printable(e) ? e : null,
                "a group name (at most 256 printable characters)", "group");
    }

    private static boolean printable(String s) {
        return s.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static Set<String> validated(String value, java.util.function.Function<String, String> rule,
                                         String what, String noun) {
        Set<String> out = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String entry : entries(value)) {
            String ok = rule.apply(entry);
            if (ok == null) {
                bad.add("'" + entry + "'");
            } else {
                out.add(ok);
            }
        }
        if (!bad.isEmpty()) {
            throw new BadValue(String.join(", ", bad) + (bad.size() == 1 ? " is not " : " are not each ") + what);
        }
        if (out.isEmpty()) {
            throw new BadValue("lists no " + noun);
        }
        return out;
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
