package io.mcpgw.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates the subset of Traefik v3 rule syntax the deployment uses — {@code Host}, {@code Path},
 * {@code PathPrefix}, {@code &&}, {@code ||}, {@code !} and parentheses — against a host and a path, so tests can
 * route requests the way Traefik would. Anything else in a rule is an error (a new matcher needs a test here first).
 */
final class TraefikRule {
    private final String rule;
    private int pos;

    private TraefikRule(String rule) {
        this.rule = rule;
    }

    /** True when {@code rule} matches a request for {@code host} and {@code path}. */
    static boolean matches(String rule, String host, String path) {
        TraefikRule parser = new TraefikRule(rule);
        boolean result = parser.or(host.toLowerCase(Locale.ROOT), path);
        parser.skipSpaces();
        if (parser.pos != rule.length()) {
            throw new IllegalArgumentException("unexpected text at " + parser.pos + " in rule: " + rule);
        }
        return result;
    }

    private boolean or(String host, String path) {
        boolean value = and(host, path);
        while (consume("||")) {
            value |= and(host, path);
        }
        return value;
    }

    private boolean and(String host, String path) {
        boolean value = factor(host, path);
        while (consume("&&")) {
            value &= factor(host, path);
        }
        return value;
    }

    private boolean factor(String host, String path) {
        if (consume("!")) {
            return !factor(host, path);
        }
        if (consume("(")) {
            boolean value = or(host, path);
            expect(")");
            return value;
        }
        skipSpaces();
        int start = pos;
        while (pos < rule.length() && Character.isLetter(rule.charAt(pos))) {
            pos++;
        }
        String matcher = rule.substring(start, pos);
        expect("(");
        List<String> args = new ArrayList<>();
        do {
            skipSpaces();
            expect("`");
            int end = rule.indexOf('`', pos);
            args.add(rule.substring(pos, end));
            pos = end + 1;
        } while (consume(","));
        expect(")");
        return switch (matcher) {
            case "Host" -> args.stream().anyMatch(h -> h.equalsIgnoreCase(host));
            case "Path" -> args.contains(path);
            case "PathPrefix" -> args.stream().anyMatch(path::startsWith);
            default -> throw new IllegalArgumentException("matcher " + matcher + " is not known to this test: " + rule);
        };
    }

    private boolean consume(String token) {
        skipSpaces();
        if (rule.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!consume(token)) {
            throw new IllegalArgumentException("expected " + token + " at " + pos + " in rule: " + rule);
        }
    }

    private void skipSpaces() {
        while (pos < rule.length() && rule.charAt(pos) == ' ') {
            pos++;
        }
    }
}
