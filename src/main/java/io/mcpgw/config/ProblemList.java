package io.mcpgw.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Collects every settings problem so that start-up can report them all in one {@link InvalidSettingsException},
 * ordered like the variables in EnvVars.ALL.
 */
final class ProblemList {

    private static final int MAX_SHOWN_CHARS = 200;

    private record Problem(String variable, String text) {
    }

    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> variables = new HashSet<>();

    /**
     * Runs {@code rule}; when it throws {@link BadValue}, records the problem together with the value as
     * {@code shown} and returns empty.
     */
    <T> Optional<T> check(String variable, String shown, Supplier<T> rule) {
        try {
            return Optional.of(rule.get());
        } catch (BadValue bad) {
            add(variable, bad.getMessage(), shown);
            return Optional.empty();
        }
    }

    /** Like {@link #check} for a secret variable: the problem is recorded without any value. */
    <T> Optional<T> checkSecret(String variable, Supplier<T> rule) {
        try {
            return Optional.of(rule.get());
        } catch (BadValue bad) {
            add(variable, bad.getMessage());
            return Optional.empty();
        }
    }

    /** Records {@code VARIABLE: problem (got 'shown')}. */
    void add(String variable, String problem, String shown) {
        add(variable, problem + " (got '" + printable(shown) + "')");
    }

    /** Records {@code VARIABLE: problem}, for unset variables and secrets. */
    void add(String variable, String problem) {
        problems.add(new Problem(variable, variable + ": " + problem));
        variables.add(variable);
    }

    /** True when a problem has been recorded for any of {@code names}. */
    boolean has(String... names) {
        for (String name : names) {
            if (variables.contains(name)) {
                return true;
            }
        }
        return false;
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems.stream()
                    .sorted(Comparator.comparingInt(problem -> contractOrder(problem.variable())))
                    .map(Problem::text)
                    .toList());
        }
    }

    private static int contractOrder(String variable) {
        int index = EnvVars.ALL.indexOf(variable);
        return index < 0 ? EnvVars.ALL.size() : index;
    }

    /** Keeps one problem on one line and long values readable. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(MAX_SHOWN_CHARS).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (value.codePointCount(0, value.length()) > MAX_SHOWN_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
